package io.starling.core.sasl;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import io.starling.core.config.AuthConfig;

/**
 * Failed authentications per IP address within a fixed window (RFC 6120 §13.10 asks servers to limit guessing).
 * Once an address has {@link AuthConfig#maxFailuresPerAddress()} failures in {@link AuthConfig#failureWindow()},
 * {@link #allowed} is false until the window that began with its first failure has passed; the caller then answers
 * {@link SaslFailure#TEMPORARY_AUTH_FAILURE} without evaluating anything.
 *
 * <p>Thread-safe without a global lock: one {@link ConcurrentHashMap} of immutable windows, updated atomically per
 * key. Bounded: above {@code capacity} addresses, one thread at a time sweeps expired windows and, if still too
 * many, the oldest ones (down to 90 % of capacity, so sweeps stay rare).
 */
public final class AuthThrottle {
    public static final int DEFAULT_CAPACITY = 100_000;

    private record Window(long startNanos, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final int maxFailures;
    private final long windowNanos;
    private final int capacity;
    private final LongSupplier nanoClock;

    public AuthThrottle(AuthConfig auth) {
        this(auth.maxFailuresPerAddress(), auth.failureWindow(), DEFAULT_CAPACITY, System::nanoTime);
    }

    /** For tests: an explicit capacity and clock. */
    public AuthThrottle(int maxFailures, Duration window, int capacity, LongSupplier nanoClock) {
        if (maxFailures < 1 || capacity < 1) {
            throw new IllegalArgumentException("maxFailures and capacity must be positive");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** Whether {@code address} may try to authenticate now. */
    public boolean allowed(String address) {
        Window w = windows.get(address);
        return w == null || expired(w, nanoClock.getAsLong()) || w.failures() < maxFailures;
    }

    /** Records a failed attempt from {@code address}. */
    public void failed(String address) {
        long now = nanoClock.getAsLong();
        Window previous = windows.get(address);
        windows.compute(address, (k, w) -> w == null || expired(w, now) ? new Window(now, 1)
                : new Window(w.startNanos(), w.failures() == Integer.MAX_VALUE ? w.failures() : w.failures() + 1));
        if (previous == null && windows.size() > capacity) {
            sweep(now);
        }
    }

    /**
     * Records a successful attempt. It deliberately does not clear the address's failures: otherwise anyone holding
     * one valid account could reset the count between guesses at others. It only drops an expired window early.
     */
    public void succeeded(String address) {
        long now = nanoClock.getAsLong();
        windows.computeIfPresent(address, (k, w) -> expired(w, now) ? null : w);
    }

    /** Addresses currently tracked; export as a gauge. */
    public int size() {
        return windows.size();
    }

    private boolean expired(Window w, long now) {
        return now - w.startNanos() >= windowNanos;
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return; // another thread is at it
        }
        try {
            windows.entrySet().removeIf(e -> expired(e.getValue(), now));
            int excess = windows.size() - capacity * 9 / 10;
            if (excess > 0) {
                windows.entrySet().stream()
                        .sorted(Comparator.comparingLong((Map.Entry<String, Window> e) -> e.getValue().startNanos()))
                        .limit(excess)
                        .map(Map.Entry::getKey)
                        .toList()
                        .forEach(windows::remove);
            }
        } finally {
            sweeping.set(false);
        }
    }
}
