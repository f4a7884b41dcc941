package io.starling.server.it.offline;

import static io.starling.server.testing.Mailbox.awaitStored;
import static io.starling.server.testing.Mailbox.bodies;
import static io.starling.server.testing.Mailbox.message;
import static io.starling.server.testing.Mailbox.stored;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.offline.OfflineConfig;
import io.starling.server.testing.Mailbox;
import io.starling.server.testing.TestServer;

/** Offline storage across a restart, and the per-member quota (3 here). */
class OfflineDurabilityIT {
    private static final int QUOTA = 3;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(OfflineConfig.defaults().withQuota(QUOTA));
        server.addUsers("alice", "gus", "hal");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void quotaFull_senderGetsServiceUnavailable_andTheKeptOnesArriveAtLogin() throws Exception {
        try (Mailbox alice = Mailbox.login(server, "alice", "quota")) {
            for (int i = 1; i <= QUOTA + 2; i++) {
                alice.send(message("q" + i, "gus@localhost", Message.Type.chat, "m" + i));
            }
            // XEP-0160 §2 step 3: storage full -> <service-unavailable/>, for each refused message.
            List<Message> errors = alice.next(2);
            assertThat(errors).extracting(Message::getStanzaId).containsExactly("q4", "q5");
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.getType()).isEqualTo(Message.Type.error);
                assertThat(e.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
                assertThat(e.getError().getType()).isEqualTo(StanzaError.Type.CANCEL);
            });
            assertThat(stored(server, "gus")).isEqualTo(QUOTA);
            try (Mailbox gus = Mailbox.login(server, "gus", "pc")) {
                assertThat(bodies(gus.next(QUOTA))).containsExactly("m1", "m2", "m3");
            }
            // The take made room again.
            alice.send(message("q6", "gus@localhost", Message.Type.chat, "m6"));
            awaitStored(server, "gus", 1);
            assertThat(alice.nextWithin(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void serverRestart_storedMessagesAreStillDelivered() throws Exception {
        try (Mailbox alice = Mailbox.login(server, "alice", "restart")) {
            alice.sendChat("hal@localhost", "before restart 1");
            alice.sendChat("hal@localhost", "before restart 2");
            awaitStored(server, "hal", 2);
        }
        server = server.restart();
        try (Mailbox hal = Mailbox.login(server, "hal", "pc")) {
            List<Message> got = hal.next(2);
            assertThat(bodies(got)).containsExactly("before restart 1", "before restart 2");
            assertThat(got).allMatch(m -> DelayInformation.from(m) != null);
        }
        assertThat(stored(server, "hal")).isZero();
    }
}
