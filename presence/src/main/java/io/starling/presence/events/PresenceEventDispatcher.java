package io.starling.presence.events;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.presence.api.PresenceChanged;
import io.starling.presence.api.PresenceListener;

/**
 * Hands {@link PresenceChanged} events to every {@link PresenceListener}, each on its own daemon thread
 * {@code presence-events-<listener name>}, through a {@link CoalescingListenerQueue}.
 *
 * <p>{@link #publish} is called from the presence stripes; it never blocks and never throws. A slow or stuck
 * listener delays nobody: while it is busy, changes for the same member are coalesced so it later gets the newest
 * one (the final state is never lost), and other listeners carry on.
 *
 * <p><b>Memory bound.</b> Per listener, at most one pending event per distinct member with an undelivered change
 * (see {@link CoalescingListenerQueue}); in total at most {@code listeners × members with a pending change}. There
 * is no other queue, so the publish rate does not matter.
 *
 * <p><b>Metrics</b> ({@code xmpp.presence.events.*}, tag {@code listener}): {@link #listeners()} exposes each
 * listener's counters and its pending depth; the getters here are totals.
 *
 * <p><b>Shutdown.</b> Stop the presence stripes first, then {@link #close()}: it refuses new events, delivers what is
 * pending for up to the drain timeout, then abandons the rest. An event published concurrently with {@code close()}
 * may be left pending (visible in {@link #pending()}).
 */
public final class PresenceEventDispatcher implements AutoCloseable {
    /** How long {@link #close()} waits for listeners to drain, unless given otherwise. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(PresenceEventDispatcher.class);

    private final List<CoalescingListenerQueue> queues;
    private final Duration drainTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder published = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** Starts one delivery thread per listener; {@link #close()} waits up to {@link #DEFAULT_DRAIN_TIMEOUT}. */
    public PresenceEventDispatcher(List<? extends PresenceListener> listeners) {
        this(listeners, DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Starts one delivery thread per listener.
     *
     * @param listeners    each with a non-blank name unique among them (thread name and metrics tag); may be empty
     * @param drainTimeout how long {@link #close()} waits for all listeners together to deliver what is pending
     * @throws IllegalArgumentException if a name is blank or repeated, or the timeout is negative
     */
    public PresenceEventDispatcher(List<? extends PresenceListener> listeners, Duration drainTimeout) {
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative: " + drainTimeout);
        }
        this.queues = List.copyOf(validated(listeners)).stream().map(CoalescingListenerQueue::new).toList();
        queues.forEach(CoalescingListenerQueue::start);
    }

    private static List<? extends PresenceListener> validated(List<? extends PresenceListener> listeners) {
        Set<String> names = new HashSet<>();
        for (PresenceListener listener : Objects.requireNonNull(listeners, "listeners")) {
            String name = Objects.requireNonNull(listener, "listener").name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("listener name must not be blank: " + listener);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("two listeners named " + name);
            }
        }
        return listeners;
    }

    /**
     * Queues {@code event} for every listener, replacing a pending older event for the same member. Returns at once,
     * never throws; after {@link #close()} the event is dropped and counted in {@link #rejected()}.
     */
    public void publish(PresenceChanged event) {
        try {
            if (event == null) {
                LOG.error("Ignoring a null presence event", new IllegalArgumentException("event"));
                return;
            }
            if (closed.get()) {
                rejected.increment();
                return;
            }
            published.increment();
            for (CoalescingListenerQueue queue : queues) {
                queue.offer(event);
            }
        } catch (RuntimeException e) { // NOSONAR: the presence stripe calling us must never see a failure
            LOG.error("Could not publish presence event", e);
        }
    }

    /** Per-listener queues, in the order given, for per-listener metrics. */
    public List<CoalescingListenerQueue> listeners() {
        return queues;
    }

    /** Events accepted by {@link #publish}, counted once however many listeners there are. */
    public long published() {
        return published.sum();
    }

    /** Events dropped because they arrived after {@link #close()}. */
    public long rejected() {
        return rejected.sum();
    }

    /** Events superseded before delivery, summed over listeners. */
    public long coalesced() {
        return total(CoalescingListenerQueue::coalesced);
    }

    /** Events handed to a listener, summed over listeners. */
    public long delivered() {
        return total(CoalescingListenerQueue::delivered);
    }

    /** Deliveries on which a listener threw, summed over listeners. */
    public long failed() {
        return total(CoalescingListenerQueue::failed);
    }

    /** Pending (member, listener) pairs, summed over listeners: the dispatcher's whole backlog. */
    public long pending() {
        return total(CoalescingListenerQueue::pending);
    }

    private long total(ToLongFunction<CoalescingListenerQueue> counter) {
        return queues.stream().mapToLong(counter).sum();
    }

    /**
     * Refuses new events, lets every listener deliver what is pending for up to the drain timeout, then stops the
     * threads, abandoning what is left (logged at WARN). Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queues.forEach(CoalescingListenerQueue::drainAndStop);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        boolean interrupted = false;
        for (CoalescingListenerQueue queue : queues) {
            try {
                if (interrupted || !queue.awaitStopped(deadline - System.nanoTime())) {
                    abandon(queue);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                abandon(queue);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void abandon(CoalescingListenerQueue queue) {
        queue.abandon();
        LOG.warn("Presence listener {} did not drain within {}; abandoning {} pending events", queue.name(),
                drainTimeout, queue.pending());
    }
}
