package io.starling.server.it.durability;

import static io.starling.server.testing.Mailbox.awaitStored;
import static io.starling.server.testing.Mailbox.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.server.testing.Mailbox;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.TestServer;

/**
 * The durability contract over TCP, one way of ending per test: messages a recipient's session was sent and never
 * acknowledged (XEP-0198) go to offline storage in order — not bounced, not dropped — whether the session ends by
 * the idle timeout, by resumption expiry, or by a killed socket, and whatever their type. The recipient is a raw
 * socket that enables stream management, reads its messages and never acknowledges them; at its next login (Smack)
 * every message arrives, in order, once, with a {@code <delay/>}.
 */
class LeftoversTcpIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofSeconds(4);
    private static final Duration RESUME = Duration.ofSeconds(2);
    private static final String SM = "xmlns='urn:xmpp:sm:3'";
    private static final Pattern BODY = Pattern.compile("<body>");
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.startWithTimeouts(IDLE, RESUME);
        server.addUsers("alice", "bob", "carol", "dave");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw client logged in as {@code user}/raw with stream management enabled as given, and available. */
    private static RawXmppClient recipient(String user, String enable) throws Exception {
        RawXmppClient raw = new RawXmppClient(server.port());
        raw.login(user, TestServer.PASSWORD, "raw");
        raw.send(enable);
        raw.awaitContains("<enabled " + SM, WAIT);
        raw.send("<presence/>");
        raw.send("<iq type='get' id='sync' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        raw.awaitStanza("sync", WAIT); // the presence was handled before this
        raw.clearReceived();
        return raw;
    }

    /** Sends the bodies from alice, chat unless a type is given, to {@code to}; returns once they are sent. */
    private static void send(Mailbox alice, String to, Message.Type type, List<String> bodies) throws Exception {
        for (String body : bodies) {
            alice.send(message(to, type, body));
        }
    }

    /** Waits until the raw client has read every one of the bodies (and acknowledges none). */
    private static void received(RawXmppClient raw, List<String> bodies) throws Exception {
        raw.awaitContains("<body>" + bodies.get(bodies.size() - 1) + "</body>", WAIT);
        assertThat(BODY.matcher(raw.received()).results().count()).isEqualTo(bodies.size());
    }

    @Test
    void idleTimeout_nonResumableSession_everyUnacknowledgedMessageArrivesAtNextLogin() throws Exception {
        List<String> bodies = List.of("idle 1", "idle 2", "idle 3", "idle 4", "idle 5");
        Mailbox alice = Mailbox.login(server, "alice", "idle");
        try (RawXmppClient bob = recipient("bob", "<enable " + SM + "/>")) {
            try (alice) {
                send(alice, "bob@localhost/raw", Message.Type.chat, bodies);
                received(bob, bodies);
                assertThat(alice.nextWithin(Duration.ofMillis(200))).as("an error to the sender").isNull();
            }
            // Silent from now on: the server asks (<r/>) and gets nothing, then times the stream out.
            assertThat(bob.awaitClosed(IDLE.plusSeconds(10))).isTrue();
            assertThat(bob.received()).contains("<connection-timeout");
        }
        awaitStored(server, "bob", bodies.size());
        try (Mailbox bob = Mailbox.login(server, "bob", "again")) {
            bob.expectStored(bodies);
        }
    }

    @Test
    void resumptionExpires_unacknowledgedAndQueuedMessagesArriveAtNextLogin_inOrder() throws Exception {
        List<String> before = List.of("read 1", "read 2", "read 3");
        List<String> after = List.of("queued 4", "queued 5");
        try (Mailbox alice = Mailbox.login(server, "alice", "expiry")) {
            RawXmppClient carol = recipient("carol", "<enable " + SM + " resume='true'/>");
            send(alice, "carol@localhost/raw", Message.Type.chat, before);
            received(carol, before);
            carol.kill(); // detached: resumable for RESUME, still routable
            send(alice, "carol@localhost/raw", Message.Type.chat, after);
            // Expiry ends the session: the three it had read and the two it queued go to storage, in order.
            awaitStored(server, "carol", before.size() + after.size());
            assertThat(alice.nextWithin(Duration.ofMillis(200))).as("an error to the sender").isNull();
        }
        try (Mailbox again = Mailbox.login(server, "carol", "again")) {
            again.expectStored(List.of("read 1", "read 2", "read 3", "queued 4", "queued 5"));
        }
    }

    @Test
    void killedSocket_normalMessages_areStoredNotBounced() throws Exception {
        List<String> normal = List.of("normal 1", "normal 2", "normal 3");
        try (Mailbox alice = Mailbox.login(server, "alice", "normal");
             RawXmppClient dave = recipient("dave", "<enable " + SM + "/>")) {
            send(alice, "dave@localhost/raw", Message.Type.normal, normal);
            send(alice, "dave@localhost/raw", Message.Type.chat, List.of("chat 4"));
            received(dave, List.of("normal 1", "normal 2", "normal 3", "chat 4"));
            dave.kill();
            awaitStored(server, "dave", 4);
            // RFC 6121 §8.5.3.2.1 would allow service-unavailable for a normal message to a gone resource; the
            // server had accepted these, so they are kept instead.
            assertThat(alice.nextWithin(Duration.ofMillis(300))).as("an error to the sender").isNull();
        }
        try (Mailbox dave = Mailbox.login(server, "dave", "again")) {
            List<Message> got = dave.expectStored(List.of("normal 1", "normal 2", "normal 3", "chat 4"));
            assertThat(got).extracting(Message::getType).containsExactly(Message.Type.normal,
                    Message.Type.normal, Message.Type.normal, Message.Type.chat);
        }
    }
}
