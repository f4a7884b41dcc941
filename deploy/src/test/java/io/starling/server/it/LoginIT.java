package io.starling.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** Stock Smack clients log in over STARTTLS with every mechanism the server offers. */
class LoginIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void scramSha256_logsInOverStartTls() throws Exception {
        XMPPTCPConnection c = SmackClients.connect(server, "alice", "r1", "SCRAM-SHA-256");
        try {
            assertThat(c.isAuthenticated()).isTrue();
            assertThat(c.isSecureConnection()).isTrue();
            assertThat(c.getUser().toString()).isEqualTo("alice@localhost/r1");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void scramSha1_logsIn() throws Exception {
        XMPPTCPConnection c = SmackClients.connect(server, "alice", "r2", "SCRAM-SHA-1");
        try {
            assertThat(c.isAuthenticated()).isTrue();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void plain_logsInUnderTls() throws Exception {
        XMPPTCPConnection c = SmackClients.connect(server, "bob", "r3", "PLAIN");
        try {
            assertThat(c.isAuthenticated()).isTrue();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void wrongPassword_isNotAuthorized() throws Exception {
        for (String mechanism : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}) {
            assertThatThrownBy(() -> SmackClients.connect(server, "alice", "wrong", "r4", mechanism))
                    .as(mechanism)
                    .isInstanceOf(SASLErrorException.class)
                    .hasMessageContaining("not-authorized");
        }
    }

    @Test
    void unknownUser_isNotAuthorized() {
        assertThatThrownBy(() -> SmackClients.connect(server, "nobody", "r5", "SCRAM-SHA-256"))
                .isInstanceOf(SASLErrorException.class)
                .hasMessageContaining("not-authorized");
    }

    @Test
    void serverGeneratedResource_isAssigned() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(
                SmackClients.config(server, "bob", TestServer.PASSWORD, null, "SCRAM-SHA-1"));
        try {
            c.connect().login();
            assertThat(c.getUser().getResourceOrEmpty().toString()).isNotEmpty();
        } finally {
            c.disconnect();
        }
    }
}
