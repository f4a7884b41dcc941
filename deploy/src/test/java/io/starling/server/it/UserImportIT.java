package io.starling.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.user.UserExistsException;
import io.starling.server.cli.UserImport;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** {@code starling user import}: bulk-created members log in with every SCRAM hash and with PLAIN. */
class UserImportIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BufferedReader lines(String prefix, int count, String password) {
        String text = IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i + "\t" + password)
                .collect(Collectors.joining("\n", "# generated\n\n", "\n"));
        return new BufferedReader(new StringReader(text));
    }

    @Test
    void importedMembers_logInWithScramAndPlain() throws Exception {
        UserImport.Result result = new UserImport(server.server().users(), 16, false).run(lines("imp", 40, "pw 1"));

        assertThat(result.created()).isEqualTo(40);
        assertThat(result.skipped()).isZero();
        for (String mechanism : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}) {
            XMPPTCPConnection c = SmackClients.connect(server, "imp37", "pw 1", "r", mechanism);
            try {
                assertThat(c.isAuthenticated()).as(mechanism).isTrue();
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void reimportWithSkipExisting_createsOnlyNewOnes() throws Exception {
        new UserImport(server.server().users(), 10, false).run(lines("skip", 5, "first"));

        UserImport.Result again = new UserImport(server.server().users(), 10, true).run(lines("skip", 8, "second"));

        assertThat(again.created()).isEqualTo(3);
        assertThat(again.skipped()).isEqualTo(5);
        XMPPTCPConnection kept = SmackClients.connect(server, "skip2", "first", "r", "PLAIN");
        kept.disconnect();
        XMPPTCPConnection added = SmackClients.connect(server, "skip7", "second", "r", "PLAIN");
        added.disconnect();
    }

    @Test
    void existingMemberWithoutSkip_failsAndRollsBackItsBatch() throws Exception {
        server.addUsers("taken2");

        assertThatThrownBy(() -> new UserImport(server.server().users(), 10, false).run(lines("taken", 3, "x")))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UserExistsException.class);
        assertThat(server.server().users().exists("taken1").get()).isFalse();
    }

    @Test
    void repeatedName_isRejectedWithItsLine() {
        BufferedReader in = new BufferedReader(new StringReader("dup1 a\ndup2 b\ndup1 c\n"));

        assertThatThrownBy(() -> new UserImport(server.server().users(), 10, false).run(in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3");
    }
}
