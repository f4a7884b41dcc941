package io.starling.presence.testing;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.starling.core.jid.Jid;
import io.starling.presence.api.PresenceChanged;
import io.starling.presence.api.PresenceListener;

/**
 * A listener that records what it hears and the thread it heard it on. It can be made to block in its first call
 * until {@link #release()}, to throw on every call, or to sleep per call.
 */
public final class RecordingPresenceListener implements PresenceListener {
    private final String name;
    private final Queue<PresenceChanged> events = new ConcurrentLinkedQueue<>();
    private final Map<Jid, Long> lastSeq = new ConcurrentHashMap<>();
    private final Queue<String> orderViolations = new ConcurrentLinkedQueue<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean blockFirst;
    private volatile boolean throwing;
    private volatile Thread thread;

    public RecordingPresenceListener(String name) {
        this.name = name;
        release.countDown();
    }

    private RecordingPresenceListener(String name, boolean blockFirst) {
        this.name = name;
        this.blockFirst = blockFirst;
    }

    /** A listener whose first call blocks until {@link #release()}. */
    public static RecordingPresenceListener blocking(String name) {
        return new RecordingPresenceListener(name, true);
    }

    /** A listener that records, then throws, on every call. */
    public static RecordingPresenceListener throwing(String name) {
        RecordingPresenceListener listener = new RecordingPresenceListener(name);
        listener.throwing = true;
        return listener;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void presenceChanged(PresenceChanged event) {
        thread = Thread.currentThread();
        events.add(event);
        Long previous = lastSeq.put(event.member(), event.seq());
        if (previous != null && previous >= event.seq()) {
            orderViolations.add(event.member() + ": " + previous + " then " + event.seq());
        }
        if (blockFirst) {
            blockFirst = false;
            entered.countDown();
            awaitRelease();
        }
        if (throwing) {
            throw new IllegalStateException("listener " + name + " fails on purpose");
        }
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the dispatcher abandoned us; return at once
        }
    }

    /** Waits until the listener is blocked inside its first call. */
    public void awaitEntered() throws InterruptedException {
        if (!entered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " was never called");
        }
    }

    public void release() {
        release.countDown();
    }

    public List<PresenceChanged> events() {
        return List.copyOf(events);
    }

    /** The seq of the last event delivered for each member. */
    public Map<Jid, Long> lastSeqByMember() {
        return Map.copyOf(lastSeq);
    }

    /** Each time a member's event arrived with a seq not above the previous one delivered for that member. */
    public List<String> orderViolations() {
        return List.copyOf(orderViolations);
    }

    public Thread thread() {
        return thread;
    }
}
