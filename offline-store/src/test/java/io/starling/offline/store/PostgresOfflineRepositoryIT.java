package io.starling.offline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import io.starling.offline.store.OfflineRepository.NewMessage;
import io.starling.offline.store.OfflineRepository.StoredMessage;

class PostgresOfflineRepositoryIT {
    private static final Instant AT = Instant.parse("2024-05-01T10:15:30.123456Z");
    private static Database db;
    private static PostgresOfflineRepository repository;

    @BeforeAll
    static void open() {
        db = TestDatabase.open("classpath:db/migration/core", "classpath:db/migration/offline");
        repository = new PostgresOfflineRepository(db.dataSource());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static NewMessage message(String owner, String body) {
        return new NewMessage(Jid.parse(owner), "<message><body>" + body + "</body></message>", AT);
    }

    private static List<String> bodies(List<StoredMessage> taken) {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : taken) {
            out.add(m.stanza().replaceAll(".*<body>(.*)</body>.*", "$1"));
        }
        return out;
    }

    @Test
    void insertedMessages_areTakenOldestFirstWithTheirTime() {
        boolean[] ok = repository.insertBatch(List.of(message("order@x", "1"), message("other@x", "a"),
                message("order@x", "2")), 10);
        assertThat(ok).containsExactly(true, true, true);
        repository.insertBatch(List.of(message("order@x", "3")), 10);
        List<StoredMessage> taken = repository.takeAll(Jid.parse("order@x"));
        assertThat(bodies(taken)).containsExactly("1", "2", "3");
        assertThat(taken).extracting(StoredMessage::storedAt).containsOnly(AT.truncatedTo(ChronoUnit.MICROS));
        assertThat(taken.get(0).id()).isLessThan(taken.get(1).id());
    }

    @Test
    void aLargeBatch_keepsItsOrder() {
        List<NewMessage> messages = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            messages.add(message(i % 3 == 0 ? "big@x" : "other" + (i % 7) + "@x", String.valueOf(i)));
            if (i % 3 == 0) {
                expected.add(String.valueOf(i));
            }
        }
        repository.insertBatch(messages, 1000);
        assertThat(bodies(repository.takeAll(Jid.parse("big@x")))).containsExactlyElementsOf(expected);
    }

    @Test
    void take_removesEverythingOfThatOwnerOnly() {
        repository.insertBatch(List.of(message("taker@x", "1"), message("bystander@x", "b")), 10);
        assertThat(repository.takeAll(Jid.parse("taker@x"))).hasSize(1);
        assertThat(repository.takeAll(Jid.parse("taker@x"))).isEmpty();
        assertThat(repository.count(Jid.parse("taker@x"))).isZero();
        assertThat(repository.count(Jid.parse("bystander@x"))).isEqualTo(1);
    }

    @Test
    void quota_refusesWhatDoesNotFitAcrossAndWithinBatches() {
        assertThat(repository.insertBatch(List.of(message("full@x", "1"), message("full@x", "2")), 3))
                .containsExactly(true, true);
        boolean[] ok = repository.insertBatch(List.of(message("full@x", "3"), message("roomy@x", "r"),
                message("full@x", "4"), message("full@x", "5")), 3);
        assertThat(ok).containsExactly(true, true, false, false);
        assertThat(repository.count(Jid.parse("full@x"))).isEqualTo(3);
        assertThat(bodies(repository.takeAll(Jid.parse("full@x")))).containsExactly("1", "2", "3");
        // Taking frees the room again.
        assertThat(repository.insertBatch(List.of(message("full@x", "6")), 3)).containsExactly(true);
    }

    @Test
    void quotaAfterATake_countsOnlyWhatWasStoredSince() {
        List<NewMessage> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(message("recount@x", "a" + i));
        }
        repository.insertBatch(five, 10);
        repository.takeAll(Jid.parse("recount@x"));
        repository.insertBatch(five.subList(0, 3), 10);
        List<NewMessage> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(message("recount@x", "b" + i));
        }
        boolean[] ok = repository.insertBatch(eight, 10);
        assertThat(ok).containsExactly(true, true, true, true, true, true, true, false);
        assertThat(repository.count(Jid.parse("recount@x"))).isEqualTo(10);
    }

    @Test
    void storesAndTakesRacing_neverLoseNorDuplicateAMessage() throws Exception {
        Jid owner = Jid.parse("racing@x");
        int batches = 40;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int b = 0; b < batches; b++) {
                List<NewMessage> batch = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    batch.add(message("racing@x", b + "-" + i));
                }
                repository.insertBatch(batch, 1000);
            }
        });
        List<String> taken = new ArrayList<>();
        while (!writer.isDone()) {
            taken.addAll(bodies(repository.takeAll(owner)));
        }
        writer.get();
        taken.addAll(bodies(repository.takeAll(owner)));
        assertThat(taken).hasSize(batches * 5).doesNotHaveDuplicates();
        assertThat(repository.insertBatch(List.of(message("racing@x", "after")), 1)).containsExactly(true);
    }

    @Test
    void concurrentWritersForOneOwner_neverOvershootTheQuota() throws Exception {
        int writers = 4;
        int quota = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                accepted.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    for (int batch = 0; batch < 10; batch++) {
                        List<NewMessage> messages = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            messages.add(message("contended@x", writer + "-" + batch + "-" + i));
                        }
                        for (boolean ok : repository.insertBatch(messages, quota)) {
                            n += ok ? 1 : 0;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : accepted) {
                total += f.get();
            }
            assertThat(total).isEqualTo(quota);
            assertThat(repository.count(Jid.parse("contended@x"))).isEqualTo(quota);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentTakes_returnEachMessageExactlyOnce() throws Exception {
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            messages.add(message("raced@x", String.valueOf(i)));
        }
        repository.insertBatch(messages, 1000);
        List<CompletableFuture<List<StoredMessage>>> takes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            takes.add(CompletableFuture.supplyAsync(() -> repository.takeAll(Jid.parse("raced@x"))));
        }
        List<String> all = new ArrayList<>();
        for (CompletableFuture<List<StoredMessage>> t : takes) {
            all.addAll(bodies(t.get()));
        }
        assertThat(all).hasSize(200).doesNotHaveDuplicates();
        // Whoever got them got all of them: one statement, one snapshot.
        assertThat(takes.stream().map(CompletableFuture::join).filter(l -> !l.isEmpty())).hasSize(1);
    }

    @Test
    void anEmptyMailbox_takesNothingAndLeavesNoCounter() throws Exception {
        assertThat(repository.takeAll(Jid.parse("never@x"))).isEmpty();
        repository.insertBatch(List.of(message("emptied@x", "1")), 10);
        repository.takeAll(Jid.parse("emptied@x"));
        assertThat(repository.takeAll(Jid.parse("emptied@x"))).isEmpty();
        assertThat(rows("SELECT count(*) FROM offline_counts WHERE owner IN ('never@x', 'emptied@x')")).isZero();
    }

    /**
     * A writer in another process (a second node, the CLI) holds the member's counter when the take starts: the take
     * waits for it before touching any message, and returns the writer's messages too, leaving no counter behind.
     */
    @Test
    void aTakeWaitingForAnotherWriter_returnsWhatThatWriterCommitted() throws Exception {
        repository.insertBatch(List.of(message("held@x", "1")), 10);
        CompletableFuture<List<StoredMessage>> take;
        try (Connection writer = db.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) { // what insertBatch does, left uncommitted
                st.executeUpdate("UPDATE offline_counts SET stored = stored + 1 WHERE owner = 'held@x'");
                st.executeUpdate("INSERT INTO offline_messages (owner, stanza, stored_at) "
                        + "VALUES ('held@x', '<message><body>2</body></message>', now())");
            }
            take = CompletableFuture.supplyAsync(() -> repository.takeAll(Jid.parse("held@x")));
            awaitLockWaits(1);
            // The counter is the member's lock and goes first: no message is locked while the take waits for it.
            assertThatCode(() -> rows("SELECT count(*) FROM (SELECT id FROM offline_messages "
                    + "WHERE owner = 'held@x' FOR UPDATE NOWAIT) AS locked")).doesNotThrowAnyException();
            writer.commit();
        }
        assertThat(bodies(take.get(10, TimeUnit.SECONDS))).containsExactly("1", "2");
        assertThat(repository.count(Jid.parse("held@x"))).isZero();
        assertThat(rows("SELECT count(*) FROM offline_counts WHERE owner = 'held@x'")).isZero();
        assertThat(repository.insertBatch(List.of(message("held@x", "3"), message("held@x", "4")), 1))
                .containsExactly(true, false);
    }

    private static void awaitLockWaits(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rows("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") < n) {
            assertThat(System.nanoTime()).as("a statement waiting for a lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static long rows(String countQuery) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(countQuery)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void peek_leavesThemInPlace_deleteRemovesOnlyTheGivenIds_andFreesQuota() {
        repository.insertBatch(List.of(message("peek@x", "1"), message("peek@x", "2"), message("peek@x", "3"),
                message("bystander2@x", "b")), 3);
        List<StoredMessage> peeked = repository.peekAll(Jid.parse("peek@x"));
        assertThat(bodies(peeked)).containsExactly("1", "2", "3");
        assertThat(repository.count(Jid.parse("peek@x"))).isEqualTo(3);
        repository.delete(Jid.parse("peek@x"), List.of(peeked.get(0).id(), peeked.get(1).id(),
                repository.peekAll(Jid.parse("bystander2@x")).get(0).id())); // another owner's id: ignored
        assertThat(bodies(repository.peekAll(Jid.parse("peek@x")))).containsExactly("3");
        assertThat(repository.count(Jid.parse("bystander2@x"))).isEqualTo(1);
        // The quota counter went down by the two removed: two more fit, a third does not.
        assertThat(repository.insertBatch(List.of(message("peek@x", "4"), message("peek@x", "5"),
                message("peek@x", "6")), 3)).containsExactly(true, true, false);
        repository.delete(Jid.parse("peek@x"), List.of(peeked.get(0).id())); // already gone: nothing happens
        assertThat(bodies(repository.takeAll(Jid.parse("peek@x")))).containsExactly("3", "4", "5");
    }

    @Test
    void emptyBatch_touchesNothing() {
        assertThat(repository.insertBatch(Collections.emptyList(), 10)).isEmpty();
    }
}
