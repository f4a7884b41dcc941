package io.starling.presence.events;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.presence.api.PresenceChanged;
import io.starling.presence.api.PresenceListener;

/**
 * Feeds one {@link PresenceListener} from its own daemon thread {@code presence-events-<name>}, coalescing per member.
 *
 * <p><b>Structure.</b> {@code pending} maps a member to the one event waiting for them; {@code order} holds the
 * members in the order they first became pending. Invariant: a member is in {@code order} at most once, and only
 * while it has a {@code pending} entry that the worker has not yet taken (only {@link #offer} inserts into
 * {@code order}, and only when it created the {@code pending} entry; only the worker removes from either).
 *
 * <p><b>Memory bound.</b> At most one {@code pending} entry and one {@code order} node per distinct member that has
 * an undelivered event, whatever the publish rate; there is no other queue. A stuck listener therefore costs memory
 * proportional to the number of members who changed presence while it was stuck, never to the number of changes.
 *
 * <p><b>Coalescing.</b> A newer event replaces a member's pending one in place (the member keeps its place in the
 * line, so a busy member cannot starve others); an event whose seq is not higher than the pending one's is dropped.
 * Both count as {@link #coalesced()}. The final state is never lost: the newest event stays pending until delivered.
 *
 * <p><b>Order.</b> The single worker delivers one event at a time, so a member's events reach the listener in the
 * order they were taken from {@code pending}. That is seq order provided each member's events are published in seq
 * order, which the presence stripe (one thread per member) guarantees; keeping a delivered seq per member to
 * reorder late arrivals would break the memory bound.
 *
 * <p><b>Threads.</b> {@link #offer} runs on any thread, never waits for the listener and takes no lock of its own
 * ({@link ConcurrentHashMap} updates and {@link ConcurrentLinkedQueue} are non-blocking for all practical
 * purposes). Everything else that mutates state runs on the worker thread.
 */
public final class CoalescingListenerQueue {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingListenerQueue.class);

    private final PresenceListener listener;
    private final String name;
    private final ConcurrentHashMap<Jid, PresenceChanged> pending = new ConcurrentHashMap<>();
    private final Queue<Jid> order = new ConcurrentLinkedQueue<>();
    private final Thread worker;

    private final LongAdder published = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** Set by {@link #drainAndStop()}: deliver what is pending, then exit. */
    private volatile boolean draining;
    /** Set by {@link #abandon()}: exit after the current delivery, leaving the rest pending. */
    private volatile boolean abandoned;

    CoalescingListenerQueue(PresenceListener listener) {
        this.listener = listener;
        this.name = listener.name();
        this.worker = new Thread(this::run, "presence-events-" + name);
        worker.setDaemon(true);
        worker.setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught exception on {}", t.getName(), e));
    }

    /** The listener's name, as in the thread name; a low-cardinality metrics tag. */
    public String name() {
        return name;
    }

    /** Events offered to this listener. When idle, {@code published = delivered + coalesced + pending}. */
    public long published() {
        return published.sum();
    }

    /** Events that never reached the listener because a newer one for the same member superseded them. */
    public long coalesced() {
        return coalesced.sum();
    }

    /** Events handed to the listener, including those on which it threw. */
    public long delivered() {
        return delivered.sum();
    }

    /** Deliveries on which the listener threw; a subset of {@link #delivered()}. */
    public long failed() {
        return failed.sum();
    }

    /** Members with an event waiting for this listener: the queue's depth and its whole memory footprint. */
    public long pending() {
        return pending.mappingCount();
    }

    void start() {
        worker.start();
    }

    /**
     * Makes {@code event} the member's pending event unless a newer one is already pending. Never blocks on the
     * listener.
     */
    void offer(PresenceChanged event) {
        published.increment();
        Jid member = event.member();
        PresenceChanged current = pending.putIfAbsent(member, event);
        while (current != null) {
            if (current.seq() >= event.seq()) {
                coalesced.increment(); // a late or duplicate event: the newer pending one wins
                return;
            }
            if (pending.replace(member, current, event)) {
                coalesced.increment(); // the replaced event will never be delivered
                return;
            }
            current = pending.putIfAbsent(member, event); // the worker took it meanwhile: start a new entry
        }
        order.offer(member);
        LockSupport.unpark(worker); // a permit, so a wake-up between the worker's poll and park is not lost
    }

    /** Asks the worker to deliver what is pending and exit; returns at once. */
    void drainAndStop() {
        draining = true;
        LockSupport.unpark(worker);
    }

    /** Waits up to {@code nanos} for the worker to exit; true if it did. */
    boolean awaitStopped(long nanos) throws InterruptedException {
        if (Thread.currentThread() == worker) {
            return false; // closed from inside the listener: cannot wait for ourselves
        }
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return !worker.isAlive();
    }

    /** Makes the worker exit after its current delivery, interrupting a listener that waits. */
    void abandon() {
        abandoned = true;
        worker.interrupt();
    }

    private void run() {
        while (!abandoned) {
            Jid member = order.poll();
            if (member == null) {
                if (draining) {
                    return;
                }
                LockSupport.park(this);
                Thread.interrupted(); // stray interrupts (e.g. from a listener) must not make park spin
                continue;
            }
            PresenceChanged event = pending.remove(member); // never null: only this thread removes
            if (event != null) {
                deliver(event);
            }
        }
    }

    private void deliver(PresenceChanged event) {
        try {
            listener.presenceChanged(event);
        } catch (Throwable e) { // NOSONAR: a listener's failure must never kill its delivery thread
            failed.increment();
            LOG.error("Presence listener {} failed on {} (seq {}) for {}; continuing", name, event.state(),
                    event.seq(), event.member(), e);
        } finally {
            delivered.increment();
        }
    }
}
