package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.gateway.bosh.Prebound;
import io.starling.server.testing.BoshHttpClient;
import io.starling.server.testing.BoshHttpClient.Reply;
import io.starling.server.testing.BoshHttpClient.Session;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;

/** Prebind: the server creates and binds a session for a member; a page attaches with the sid and rid. */
class BoshPrebindIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("pia", "rex");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void prebound_sessionIsAttachedWithRawHttp_andChats() throws Exception {
        Prebound p = server.server().gateway().boshSessions().prebind("pia", "page", "127.0.0.1")
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(p.jid()).isEqualTo("pia@localhost/page");
        assertThat(p.sid()).isNotBlank();
        Session pia = new BoshHttpClient(server.httpPort()).attach(p.sid(), p.rid());
        try (PresenceClient rex = PresenceClient.login(server, "rex", "desk")) {
            CompletableFuture<Reply> presence = pia.send("<presence xmlns='jabber:client'/>");
            rex.sendChat("pia@localhost/page", "welcome to the page");
            // The held presence request may carry the message already; otherwise the next polls will.
            Reply first = presence.get(70, TimeUnit.SECONDS);
            if (!first.text().contains("welcome to the page")) {
                pia.pollUntil("message", "welcome to the page", Duration.ofSeconds(10));
            }
            pia.send("<message xmlns='jabber:client' to='rex@localhost/desk' type='chat'><body>thanks</body>"
                    + "</message>");
            Message m = rex.messages().poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getFrom().toString()).isEqualTo("pia@localhost/page");
            assertThat(m.getBody()).isEqualTo("thanks");
        }
        assertThat(pia.terminate("").terminated()).isTrue();
    }

    @Test
    void prebind_withoutResource_bindsAGeneratedOne() throws Exception {
        Prebound p = server.server().gateway().boshSessions().prebind("rex", null, "127.0.0.1")
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(p.jid()).startsWith("rex@localhost/").hasSizeGreaterThan("rex@localhost/".length());
        Session s = new BoshHttpClient(server.httpPort()).attach(p.sid(), p.rid());
        assertThat(s.terminate("").terminated()).isTrue();
    }
}
