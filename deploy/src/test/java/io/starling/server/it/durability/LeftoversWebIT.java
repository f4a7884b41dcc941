package io.starling.server.it.durability;

import static io.starling.server.testing.Mailbox.awaitStored;
import static io.starling.server.testing.Mailbox.message;
import static io.starling.server.testing.Mailbox.stored;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.testing.Await;
import io.starling.server.testing.BoshHttpClient;
import io.starling.server.testing.Mailbox;
import io.starling.server.testing.TestServer;
import io.starling.server.testing.WebSocketXmppClient;

/**
 * The durability contract over the browser transports: a BOSH session that expires with messages queued that no
 * request fetched (no XEP-0198: Smack's BOSH, and many browser clients, have none), and a WebSocket dropped without
 * resumption with messages it never acknowledged (XEP-0198). Either way the messages go to offline storage in order
 * and arrive at the member's next login (Smack over TCP), once each, with a {@code <delay/>}.
 */
class LeftoversWebIT {
    private static final Duration INACTIVITY = Duration.ofSeconds(2);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(config -> config.withGateway(config.gateway().withBosh(
                config.gateway().bosh().withInactivity(INACTIVITY))));
        server.addUsers("alice", "bea", "wes");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void boshSessionExpires_messagesNeverFetched_arriveAtNextLoginInOrder() throws Exception {
        BoshHttpClient.Session bea;
        try (Mailbox alice = Mailbox.login(server, "alice", "to-bosh")) {
            bea = new BoshHttpClient(server.httpPort()).open(1, 1);
            bea.login("bea", TestServer.PASSWORD, "web");
            bea.call("<presence xmlns='jabber:client'/>"); // held for 'wait' (1 s), then answered empty
            // From here on the client sends no request: what arrives waits in the session's queue until it expires.
            alice.send(message("bea@localhost/web", Message.Type.chat, "bosh 1"));
            alice.send(message("bea@localhost/web", Message.Type.normal, "bosh 2"));
            alice.send(message("bea@localhost/web", Message.Type.chat, "bosh 3"));
            Await.never("stored while the session still holds them", Duration.ofMillis(500),
                    () -> stored(server, "bea") > 0);
            awaitStored(server, "bea", 3);
            assertThat(alice.nextWithin(Duration.ofMillis(200))).as("an error to the sender").isNull();
        }
        assertThat(bea.call("").condition()).isEqualTo("item-not-found"); // the session is gone
        try (Mailbox again = Mailbox.login(server, "bea", "again")) {
            again.expectStored(List.of("bosh 1", "bosh 2", "bosh 3"));
        }
    }

    @Test
    void webSocketDroppedWithoutResumption_unacknowledgedMessagesArriveAtNextLoginInOrder() throws Exception {
        List<String> bodies = List.of("ws 1", "ws 2", "ws 3", "ws 4", "ws 5");
        try (Mailbox alice = Mailbox.login(server, "alice", "to-ws")) {
            WebSocketXmppClient wes = WebSocketXmppClient.connect(server);
            wes.login("wes", TestServer.PASSWORD, "web");
            wes.send("<enable xmlns='urn:xmpp:sm:3'/>");
            wes.await("<enabled ");
            for (String body : bodies) {
                alice.send(message("wes@localhost/web", Message.Type.chat, body));
            }
            for (String body : bodies) {
                wes.await("<body>" + body + "</body>"); // read, in order, and never acknowledged
            }
            wes.abort(); // no <close/>, no close frame: the session ends (it was not resumable)
            awaitStored(server, "wes", bodies.size());
            assertThat(alice.nextWithin(Duration.ofMillis(200))).as("an error to the sender").isNull();
        }
        try (Mailbox again = Mailbox.login(server, "wes", "again")) {
            again.expectStored(bodies);
        }
    }
}
