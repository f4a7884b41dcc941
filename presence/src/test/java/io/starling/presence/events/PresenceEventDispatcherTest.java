package io.starling.presence.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.presence.api.AggregateState;
import io.starling.presence.api.ChangeReason;
import io.starling.presence.api.PresenceChanged;
import io.starling.presence.api.PresenceListener;
import io.starling.presence.testing.RecordingPresenceListener;

class PresenceEventDispatcherTest {
    private static final Jid ALICE = Jid.parse("alice@example.com");
    private static final Jid BOB = Jid.parse("bob@example.com");
    private static final Jid CAROL = Jid.parse("carol@example.com");

    private final List<RecordingPresenceListener> listeners = new ArrayList<>();
    private final List<PresenceEventDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        listeners.forEach(RecordingPresenceListener::release);
        dispatchers.forEach(PresenceEventDispatcher::close);
    }

    @Test
    void sequentialUpdates_deliveredInSeqOrderEndingWithNewest() {
        RecordingPresenceListener osm = listener(new RecordingPresenceListener("osm"));
        PresenceEventDispatcher dispatcher = dispatcher(osm);

        for (long seq = 1; seq <= 1_000; seq++) {
            dispatcher.publish(event(ALICE, seq, AggregateState.AWAY));
            dispatcher.publish(event(BOB, seq, AggregateState.AWAY));
        }
        awaitIdle(dispatcher);

        assertThat(osm.orderViolations()).isEmpty();
        assertThat(osm.lastSeqByMember()).containsExactlyInAnyOrderEntriesOf(Map.of(ALICE, 1_000L, BOB, 1_000L));
        assertThat(dispatcher.delivered() + dispatcher.coalesced()).isEqualTo(2_000);
    }

    @Test
    void blockedListener_getsOnlyNewestStateAfterRelease() throws InterruptedException {
        RecordingPresenceListener osm = listener(RecordingPresenceListener.blocking("osm"));
        PresenceEventDispatcher dispatcher = dispatcher(osm);
        dispatcher.publish(event(ALICE, 0, AggregateState.ONLINE));
        osm.awaitEntered();

        for (long seq = 1; seq < 10_000; seq++) {
            dispatcher.publish(event(ALICE, seq, AggregateState.AWAY));
        }
        dispatcher.publish(new PresenceChanged(ALICE, AggregateState.OFFLINE, 0, ChangeReason.LOGOUT, 10_000,
                Instant.EPOCH));
        assertThat(dispatcher.pending()).isEqualTo(1);
        osm.release();
        awaitIdle(dispatcher);

        assertThat(osm.events()).extracting(PresenceChanged::seq).containsExactly(0L, 10_000L);
        assertThat(osm.events().get(1).state()).isEqualTo(AggregateState.OFFLINE);
        assertThat(dispatcher.coalesced()).isEqualTo(9_999);
        assertThat(dispatcher.delivered()).isEqualTo(2);
    }

    @Test
    void staleSeqArrivingWhilePending_neverOverwritesNewer() throws InterruptedException {
        RecordingPresenceListener osm = listener(RecordingPresenceListener.blocking("osm"));
        PresenceEventDispatcher dispatcher = dispatcher(osm);
        dispatcher.publish(event(ALICE, 1, AggregateState.ONLINE));
        osm.awaitEntered();

        dispatcher.publish(event(ALICE, 5, AggregateState.DND));
        dispatcher.publish(event(ALICE, 3, AggregateState.AWAY));
        dispatcher.publish(event(ALICE, 5, AggregateState.XA));
        osm.release();
        awaitIdle(dispatcher);

        assertThat(osm.events()).extracting(PresenceChanged::seq, PresenceChanged::state)
                .containsExactly(tuple(1L, AggregateState.ONLINE), tuple(5L, AggregateState.DND));
        assertThat(dispatcher.coalesced()).isEqualTo(2);
    }

    @Test
    void membersPendingTogether_deliveredInOrderTheyFirstBecamePending() throws InterruptedException {
        RecordingPresenceListener osm = listener(RecordingPresenceListener.blocking("osm"));
        PresenceEventDispatcher dispatcher = dispatcher(osm);
        dispatcher.publish(event(CAROL, 1, AggregateState.ONLINE));
        osm.awaitEntered();

        dispatcher.publish(event(ALICE, 1, AggregateState.ONLINE));
        dispatcher.publish(event(BOB, 1, AggregateState.ONLINE));
        dispatcher.publish(event(CAROL, 2, AggregateState.AWAY));
        dispatcher.publish(event(ALICE, 2, AggregateState.AWAY)); // replaces in place, keeps its turn
        osm.release();
        awaitIdle(dispatcher);

        assertThat(osm.events()).extracting(PresenceChanged::member, PresenceChanged::seq).containsExactly(
                tuple(CAROL, 1L), tuple(ALICE, 2L), tuple(BOB, 1L), tuple(CAROL, 2L));
    }

    @Test
    void concurrentPublishersOnSharedMembers_lastDeliveredIsHighestSeq() throws InterruptedException {
        RecordingPresenceListener osm = listener(new RecordingPresenceListener("osm"));
        RecordingPresenceListener metrics = listener(new RecordingPresenceListener("metrics"));
        PresenceEventDispatcher dispatcher = dispatcher(osm, metrics);
        Jid[] members = new Jid[200];
        long[] nextSeq = new long[members.length];
        Object[] memberLocks = new Object[members.length];
        for (int i = 0; i < members.length; i++) {
            members[i] = Jid.parse("member" + i + "@example.com");
            memberLocks[i] = new Object();
        }

        List<Thread> stripes = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            stripes.add(startThread("test-stripe-" + t, () -> {
                awaitQuietly(start);
                for (int n = 0; n < 25_000; n++) {
                    int i = ThreadLocalRandom.current().nextInt(members.length);
                    // Stands in for the presence stripe, which serialises one member's changes: seq order is
                    // publish order per member, while different threads race on the same queues.
                    synchronized (memberLocks[i]) {
                        dispatcher.publish(event(members[i], ++nextSeq[i], AggregateState.AWAY));
                    }
                }
            }));
        }
        start.countDown();
        for (Thread stripe : stripes) {
            stripe.join();
        }
        awaitIdle(dispatcher);

        Map<Jid, Long> highest = new HashMap<>();
        for (int i = 0; i < members.length; i++) {
            if (nextSeq[i] > 0) {
                highest.put(members[i], nextSeq[i]);
            }
        }
        assertThat(dispatcher.published()).isEqualTo(100_000);
        for (RecordingPresenceListener listener : List.of(osm, metrics)) {
            assertThat(listener.orderViolations()).isEmpty();
            assertThat(listener.lastSeqByMember()).isEqualTo(highest);
        }
    }

    @Test
    void throwingListener_keepsReceivingOnSameThread() {
        RecordingPresenceListener broken = listener(RecordingPresenceListener.throwing("broken"));
        PresenceEventDispatcher dispatcher = dispatcher(broken);

        dispatcher.publish(event(ALICE, 1, AggregateState.ONLINE));
        dispatcher.publish(event(BOB, 1, AggregateState.ONLINE));
        dispatcher.publish(event(CAROL, 1, AggregateState.ONLINE));
        awaitIdle(dispatcher);

        assertThat(broken.events()).extracting(PresenceChanged::member).containsExactly(ALICE, BOB, CAROL);
        assertThat(dispatcher.failed()).isEqualTo(3);
        assertThat(broken.thread().isAlive()).isTrue();
    }

    @Test
    void slowListener_doesNotDelayFastOne() throws InterruptedException {
        RecordingPresenceListener slow = listener(RecordingPresenceListener.blocking("slow"));
        RecordingPresenceListener fast = listener(new RecordingPresenceListener("fast"));
        PresenceEventDispatcher dispatcher = dispatcher(slow, fast);
        dispatcher.publish(event(ALICE, 1, AggregateState.ONLINE));
        slow.awaitEntered();

        for (int i = 0; i < 100; i++) {
            dispatcher.publish(event(Jid.parse("member" + i + "@example.com"), 1, AggregateState.ONLINE));
        }
        await(() -> fast.events().size() == 101, "fast listener to get all 101 events");

        assertThat(slow.events()).hasSize(1);
        assertThat(dispatcher.listeners().get(0).pending()).isEqualTo(100);
    }

    @Test
    void stuckListener_publishingHundredThousandEventsReturnsQuicklyWithBoundedBacklog()
            throws InterruptedException {
        RecordingPresenceListener stuck = listener(RecordingPresenceListener.blocking("stuck"));
        PresenceEventDispatcher dispatcher = dispatcher(stuck);
        dispatcher.publish(event(ALICE, 0, AggregateState.ONLINE));
        stuck.awaitEntered();
        Jid[] members = new Jid[1_000];
        for (int i = 0; i < members.length; i++) {
            members[i] = Jid.parse("member" + i + "@example.com");
        }

        long started = System.nanoTime();
        for (int n = 0; n < 100_000; n++) {
            dispatcher.publish(event(members[n % members.length], n, AggregateState.AWAY));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(dispatcher.pending()).isEqualTo(members.length);
        assertThat(dispatcher.coalesced()).isEqualTo(100_000 - members.length);
    }

    @Test
    void close_deliversPendingThenRejectsNewEvents() throws InterruptedException {
        RecordingPresenceListener osm = listener(RecordingPresenceListener.blocking("osm"));
        PresenceEventDispatcher dispatcher = dispatcher(osm);
        dispatcher.publish(event(ALICE, 0, AggregateState.ONLINE));
        osm.awaitEntered();
        for (int i = 0; i < 50; i++) {
            dispatcher.publish(event(Jid.parse("member" + i + "@example.com"), 1, AggregateState.OFFLINE));
        }

        startThread("test-release", () -> {
            sleepQuietly(50);
            osm.release();
        });
        dispatcher.close();
        dispatcher.publish(event(BOB, 1, AggregateState.ONLINE));

        assertThat(osm.events()).hasSize(51);
        assertThat(dispatcher.pending()).isZero();
        assertThat(dispatcher.rejected()).isEqualTo(1);
        assertThat(osm.thread().isAlive()).isFalse();
    }

    @Test
    void close_withStuckListener_givesUpAfterDrainTimeout() throws InterruptedException {
        RecordingPresenceListener stuck = listener(RecordingPresenceListener.blocking("stuck"));
        PresenceEventDispatcher dispatcher = dispatcher(Duration.ofMillis(100), stuck);
        dispatcher.publish(event(ALICE, 0, AggregateState.ONLINE));
        stuck.awaitEntered();
        dispatcher.publish(event(BOB, 1, AggregateState.ONLINE));

        long started = System.nanoTime();
        dispatcher.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(dispatcher.pending()).isEqualTo(1);
        stuck.thread().join(1_000); // interrupted out of its wait, then the worker exits
        assertThat(stuck.thread().isAlive()).isFalse();
    }

    @Test
    void eachListener_runsOnItsOwnNamedDaemonThread() {
        RecordingPresenceListener osm = listener(new RecordingPresenceListener("osm"));
        RecordingPresenceListener metrics = listener(new RecordingPresenceListener("metrics"));
        PresenceEventDispatcher dispatcher = dispatcher(osm, metrics);

        dispatcher.publish(event(ALICE, 1, AggregateState.ONLINE));
        awaitIdle(dispatcher);

        assertThat(osm.thread().getName()).isEqualTo("presence-events-osm");
        assertThat(metrics.thread().getName()).isEqualTo("presence-events-metrics");
        assertThat(osm.thread().isDaemon()).isTrue();
    }

    @Test
    void duplicateListenerNames_rejectedAtConstruction() {
        List<PresenceListener> twins = List.of(new RecordingPresenceListener("osm"),
                new RecordingPresenceListener("osm"));

        assertThatThrownBy(() -> new PresenceEventDispatcher(twins))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("osm");
    }

    private RecordingPresenceListener listener(RecordingPresenceListener listener) {
        listeners.add(listener);
        return listener;
    }

    private PresenceEventDispatcher dispatcher(PresenceListener... listeners) {
        return dispatcher(PresenceEventDispatcher.DEFAULT_DRAIN_TIMEOUT, listeners);
    }

    private PresenceEventDispatcher dispatcher(Duration drainTimeout, PresenceListener... listeners) {
        PresenceEventDispatcher dispatcher = new PresenceEventDispatcher(List.of(listeners), drainTimeout);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private static PresenceChanged event(Jid member, long seq, AggregateState state) {
        return new PresenceChanged(member, state, 1, ChangeReason.STATUS_CHANGE, seq, Instant.EPOCH);
    }

    /** Waits until every listener has handled or coalesced everything published to it. */
    private static void awaitIdle(PresenceEventDispatcher dispatcher) {
        await(() -> dispatcher.listeners().stream()
                .allMatch(q -> q.delivered() + q.coalesced() == q.published()), "dispatcher to go idle");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleepQuietly(1);
        }
    }

    private static Thread startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
