package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.config.AuthConfig;
import io.starling.core.testing.Await;
import io.starling.server.testing.TestServer;
import io.starling.server.testing.WebSocketXmppClient;

/**
 * The c2s timers over WebSocket, on a server with short ones: keepalive pings (RFC 7395 §3.4) whose pongs keep
 * a quiet client connected, and the negotiation timeout.
 */
class WebSocketTimeoutsIT {
    private static final Duration KEEPALIVE = Duration.ofMillis(300);
    private static final Duration IDLE = Duration.ofMillis(1200);
    private static final Duration NEGOTIATION = Duration.ofSeconds(2);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024), KEEPALIVE, IDLE,
                NEGOTIATION);
        server.addUsers("quiet");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void quietClient_isPinged_andItsPongsKeepItConnected() throws Exception {
        try (WebSocketXmppClient quiet = WebSocketXmppClient.connect(server)) {
            quiet.login("quiet", TestServer.PASSWORD, "web");
            Await.never("closed while answering pings", IDLE.multipliedBy(3), quiet::closed);
            assertThat(quiet.pings()).as("keepalive pings").isGreaterThanOrEqualTo(3);
            quiet.send("<iq xmlns='jabber:client' type='get' id='p1' to='localhost'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(quiet.await("id='p1'")).contains("type='result'");
        }
    }

    @Test
    void noOpen_isConnectionTimeout() throws Exception {
        try (WebSocketXmppClient silent = WebSocketXmppClient.connect(server)) {
            String error = silent.await("<stream:error", NEGOTIATION.multipliedBy(3));
            assertThat(error).contains("<connection-timeout ");
            assertThat(silent.awaitClosed()).isEqualTo(1000);
        }
    }
}
