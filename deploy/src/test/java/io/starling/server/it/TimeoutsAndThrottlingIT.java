package io.starling.server.it;

import static io.starling.server.testing.RawXmppClient.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.config.AuthConfig;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.TestServer;

/** Timers and throttles, on a server configured with short ones. */
class TimeoutsAndThrottlingIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(defaultsAuth(),
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(2));
        server.addUsers("alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamNeverNegotiated_isClosedWithConnectionTimeout() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(HEADER);
            raw.awaitContains("<connection-timeout", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void boundStream_getsWhitespaceKeepalives_thenIdleTimeout() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.login("alice", TestServer.PASSWORD, "idle");
            raw.awaitContains(" ", WAIT); // keepalive after 500 ms without output
            raw.awaitContains("<connection-timeout", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    private static AuthConfig defaultsAuth() {
        return new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024);
    }

    @Test
    void repeatedFailures_closeTheStream_andThrottleTheAddress() throws Exception {
        // Its own server: the per-address throttle would otherwise refuse the other tests' logins from 127.0.0.1.
        try (TestServer strict = TestServer.start(new AuthConfig(4096, 2, 2, Duration.ofMinutes(1), 2, 1024))) {
            strict.addUsers("victim");
            failTwiceThenBeThrottled(strict);
        }
    }

    private static void failTwiceThenBeThrottled(TestServer strict) throws Exception {
        try (RawXmppClient raw = new RawXmppClient(strict.port())) {
            try {
                raw.login("victim", "wrong", "x");
            } catch (AssertionError expected) {
                // first failure
            }
            raw.clearReceived();
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHZpY3RpbQB3cm9uZw==</auth>");
            raw.awaitContains("<not-authorized/>", WAIT);
            raw.awaitContains("<policy-violation", WAIT); // 2 failures per stream allowed
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
        try (RawXmppClient raw = new RawXmppClient(strict.port())) {
            try {
                raw.login("victim", TestServer.PASSWORD, "y"); // third failure in the window: refused at once
            } catch (AssertionError expected) {
                // login could not succeed
            }
            assertThat(raw.received()).contains("<temporary-auth-failure/>");
        }
    }
}
