package io.starling.offline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.core.jid.Jid;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import io.starling.offline.store.OfflineRepository.NewMessage;
import io.starling.offline.store.OfflineRepository.StoredMessage;

class OfflineWriterIT {
    private static Database db;
    private static PostgresOfflineRepository repository;
    private OfflineWriter writer;
    /** Members the after-commit hook says are available, and what it was handed. */
    private final List<Jid> online = new CopyOnWriteArrayList<>();
    private final List<String> redelivered = new CopyOnWriteArrayList<>();

    private final OfflineWriter.AfterCommit hook = new OfflineWriter.AfterCommit() {
        @Override
        public boolean receiverFor(Jid owner) {
            return online.contains(owner);
        }

        @Override
        public int redeliver(Jid owner, List<StoredMessage> messages) {
            int handed = 0;
            for (StoredMessage m : messages) {
                if (refusing.contains(body(m))) {
                    break;
                }
                redelivered.add(body(m));
                handed++;
            }
            return handed;
        }
    };
    /** Bodies the hook cannot hand over (the session went away): it stops there. */
    private final List<String> refusing = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void open() {
        db = TestDatabase.open("classpath:db/migration/core", "classpath:db/migration/offline");
        repository = new PostgresOfflineRepository(db.dataSource());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.stop(Duration.ofSeconds(5));
        }
    }

    private OfflineWriter writer(int lanes, int laneQueue, int batchSize, int quota) {
        writer = new OfflineWriter(repository, lanes, laneQueue, batchSize, quota, hook);
        return writer;
    }

    private static NewMessage message(String owner, String body) {
        return new NewMessage(Jid.parse(owner), "<message><body>" + body + "</body></message>", Instant.now());
    }

    private static String body(StoredMessage m) {
        return m.stanza().replaceAll(".*<body>(.*)</body>.*", "$1");
    }

    private static List<String> bodies(List<StoredMessage> taken) {
        return taken.stream().map(OfflineWriterIT::body).toList();
    }

    @Test
    void queuedStores_areCommittedTogetherAndCompleteAfterTheCommit() throws Exception {
        OfflineWriter w = writer(1, 1000, 100, 1000);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (int i = 0; i < 250; i++) { // queued before the lane runs: three rounds of at most 100
            stored.add(w.store(message("batched" + (i % 7) + "@x", String.valueOf(i))));
        }
        w.start();
        for (CompletableFuture<Boolean> f : stored) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(w.stats().transactions()).isEqualTo(3);
        assertThat(w.stats().stored()).isEqualTo(250);
        int total = 0;
        for (int i = 0; i < 7; i++) {
            total += repository.count(Jid.parse("batched" + i + "@x"));
        }
        assertThat(total).isEqualTo(250);
    }

    @Test
    void manySendersAtOnce_eachSendersOrderIsKeptPerMember() throws Exception {
        OfflineWriter w = writer(3, 10_000, 64, 10_000);
        w.start();
        int senders = 8;
        int perSender = 200;
        List<String> members = List.of("m1@x", "m2@x", "m3@x", "m4@x", "m5@x");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Boolean>> all = new CopyOnWriteArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perSender; i++) {
                    all.add(w.store(message(members.get(i % members.size()), sender + ":" + i)));
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(w.stats().transactions()).isLessThan(senders * perSender); // group commit happened
        for (String member : members) {
            Map<Integer, Integer> last = new HashMap<>();
            List<String> taken = bodies(w.take(Jid.parse(member)).get(10, TimeUnit.SECONDS));
            assertThat(taken).hasSize(senders * perSender / members.size());
            for (String b : taken) {
                int sender = Integer.parseInt(b.substring(0, b.indexOf(':')));
                int seq = Integer.parseInt(b.substring(b.indexOf(':') + 1));
                assertThat(seq).as("sender %d to %s", sender, member).isGreaterThan(last.getOrDefault(sender, -1));
                last.put(sender, seq);
            }
        }
    }

    @Test
    void take_neverOvertakesAnEarlierStoreNorIsOvertakenByALaterOne() throws Exception {
        OfflineWriter w = writer(2, 1000, 100, 1000);
        w.store(message("taker@x", "before1"));
        w.store(message("taker@x", "before2"));
        CompletableFuture<List<StoredMessage>> take = w.take(Jid.parse("taker@x"));
        CompletableFuture<Boolean> after = w.store(message("taker@x", "after"));
        w.start();
        assertThat(bodies(take.get(10, TimeUnit.SECONDS))).containsExactly("before1", "before2");
        assertThat(after.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bodies(repository.takeAll(Jid.parse("taker@x")))).containsExactly("after");
    }

    @Test
    void quotaFull_storeCompletesFalse() throws Exception {
        OfflineWriter w = writer(1, 100, 10, 2);
        w.start();
        assertThat(w.store(message("quota@x", "1")).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w.store(message("quota@x", "2")).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w.store(message("quota@x", "3")).get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(w.stats().refused()).isEqualTo(1);
    }

    @Test
    void fullLane_refusesAtOnceWithoutBlocking() {
        OfflineWriter w = writer(1, 2, 10, 100); // not started: nothing drains the lane
        CompletableFuture<Boolean> first = w.store(message("busy@x", "1"));
        w.store(message("busy@x", "2"));
        CompletableFuture<Boolean> third = w.store(message("busy@x", "3"));
        CompletableFuture<List<StoredMessage>> take = w.take(Jid.parse("busy@x"));
        assertThat(first).isNotDone();
        assertThatThrownBy(third::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ExecutorOverloadedException.class);
        assertThat(take).isCompletedExceptionally();
        assertThat(w.queueDepth()).isEqualTo(2);
        assertThat(w.hasRoom(Jid.parse("busy@x"))).isFalse();
    }

    @Test
    void memberAvailableWhenItsMessagesCommit_getsThemAtOnce() throws Exception {
        OfflineWriter w = writer(1, 100, 10, 100);
        w.start();
        online.add(Jid.parse("late@x"));
        assertThat(w.store(message("late@x", "just missed the login")).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w.store(message("away@x", "kept")).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(redelivered).containsExactly("just missed the login");
        assertThat(repository.count(Jid.parse("late@x"))).isZero();
        assertThat(repository.count(Jid.parse("away@x"))).isEqualTo(1);
    }

    @Test
    void redeliveryStoppingHalfway_whatWasNotHandedOverStaysStoredInOrder() throws Exception {
        OfflineWriter w = writer(1, 100, 10, 100);
        Jid owner = Jid.parse("halfway@x");
        w.start();
        assertThat(w.store(message("halfway@x", "1")).get(10, TimeUnit.SECONDS)).isTrue(); // offline: kept
        online.add(owner);
        refusing.add("3");
        List<CompletableFuture<Boolean>> stores = List.of(w.store(message("halfway@x", "2")),
                w.store(message("halfway@x", "3")), w.store(message("halfway@x", "4")));
        for (CompletableFuture<Boolean> f : stores) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(redelivered).containsExactly("1", "2"); // stopped at 3, every time it was tried
        assertThat(bodies(repository.takeAll(owner))).containsExactly("3", "4");
    }

    @Test
    void takeStillQueuedBehindACommit_thatCommitIsNotRedelivered_theTakeReturnsIt() throws Exception {
        OfflineWriter w = writer(1, 100, 10, 100);
        online.add(Jid.parse("queued@x")); // available, but its take is queued behind the first store
        CompletableFuture<Boolean> first = w.store(message("queued@x", "first"));
        CompletableFuture<List<StoredMessage>> take = w.take(Jid.parse("queued@x"));
        CompletableFuture<Boolean> second = w.store(message("queued@x", "second"));
        w.start();
        assertThat(bodies(take.get(10, TimeUnit.SECONDS))).containsExactly("first");
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(redelivered).containsExactly("second"); // committed after the take ran
    }

    @Test
    void stop_finishesQueuedWorkThenRefusesMore() throws Exception {
        OfflineWriter w = writer(2, 100, 10, 100);
        List<CompletableFuture<Boolean>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(w.store(message("stopping" + i + "@x", "m")));
        }
        w.start();
        w.stop(Duration.ofSeconds(5));
        for (CompletableFuture<Boolean> f : queued) {
            assertThat(f.get(1, TimeUnit.SECONDS)).isTrue();
        }
        assertThatThrownBy(() -> w.store(message("late@x", "m")).get()).hasCauseInstanceOf(
                ExecutorOverloadedException.class);
    }
}
