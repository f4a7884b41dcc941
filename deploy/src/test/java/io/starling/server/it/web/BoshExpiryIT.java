package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.testing.Await;
import io.starling.server.testing.BoshHttpClient;
import io.starling.server.testing.BoshHttpClient.Session;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;

/** XEP-0124 §8: a session the client abandons ends after 'inactivity'; its contacts see it go unavailable. */
class BoshExpiryIT {
    private static final Duration INACTIVITY = Duration.ofSeconds(2);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(config -> config.withGateway(config.gateway().withBosh(
                config.gateway().bosh().withInactivity(INACTIVITY))));
        server.addUsers("ada", "bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void abandonedSession_expiresAfterInactivity_andTheContactSeesUnavailable() throws Exception {
        try (PresenceClient bob = PresenceClient.login(server, "bob", "desk")) {
            try (PresenceClient setup = PresenceClient.login(server, "ada", "setup")) {
                Contacts.makeMutual(setup.connection(), bob.connection());
            }
            BoshHttpClient bosh = new BoshHttpClient(server.httpPort());
            Session ada = bosh.open(1, 1);
            assertThat(ada.creation().attribute("inactivity")).isEqualTo("2");
            ada.login("ada", TestServer.PASSWORD, "web");
            ada.call("<presence xmlns='jabber:client'/>"); // held for 'wait' (1 s), then answered
            Await.until("bob sees ada/web available", () -> bob.presences().sawAvailable("ada@localhost/web"));
            long abandoned = System.nanoTime();
            // No more requests: the session must end by itself.
            Await.until("bob sees ada/web unavailable", () -> bob.presences().showsUnavailable("ada@localhost/web"));
            Duration took = Duration.ofNanos(System.nanoTime() - abandoned);
            assertThat(took).isGreaterThanOrEqualTo(INACTIVITY.minusMillis(300));
            assertThat(ada.call("").condition()).isEqualTo("item-not-found");
        }
    }

    @Test
    void heldRequests_keepTheSessionAlive() throws Exception {
        BoshHttpClient bosh = new BoshHttpClient(server.httpPort());
        Session s = bosh.open(1, 1);
        s.login("bob", TestServer.PASSWORD, "web");
        long until = System.nanoTime() + INACTIVITY.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            assertThat(s.call("").terminated()).isFalse(); // each held for 'wait', then the next one at once
        }
        assertThat(s.terminate("").terminated()).isTrue();
    }
}
