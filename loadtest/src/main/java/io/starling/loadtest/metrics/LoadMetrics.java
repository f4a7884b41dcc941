package io.starling.loadtest.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measures: latency histograms in microseconds (HdrHistogram, 3 significant digits, up to one
 * hour) and counters. Safe to record from several event loops; recording allocates nothing.
 */
public final class LoadMetrics {
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Histogram connect = histogram();
    private final Histogram tls = histogram();
    private final Histogram auth = histogram();
    private final Histogram login = histogram();
    private final Histogram messageLatency = histogram();
    private final LongAdder connectAttempts = new LongAdder();
    private final LongAdder connectOk = new LongAdder();
    private final LongAdder loginsOk = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder presenceSent = new LongAdder();
    private final LongAdder presenceReceived = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    private static Histogram histogram() {
        return new ConcurrentHistogram(1, MAX_MICROS, 3);
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1000)));
    }

    public void connectAttempted() {
        connectAttempts.increment();
    }

    /** The server's stream header arrived, {@code nanos} after the connect started. */
    public void connected(long nanos) {
        connectOk.increment();
        record(connect, nanos);
    }

    public void tls(long nanos) {
        record(tls, nanos);
    }

    public void authenticated(long nanos) {
        record(auth, nanos);
    }

    public void loggedIn(long nanos) {
        loginsOk.increment();
        record(login, nanos);
    }

    public void recordMessageSent() {
        messagesSent.increment();
    }

    public void messageReceived(long latencyNanos) {
        messagesReceived.increment();
        record(messageLatency, latencyNanos);
    }

    public void recordPresenceSent() {
        presenceSent.increment();
    }

    public void recordPresenceReceived() {
        presenceReceived.increment();
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long connectAttempts() {
        return connectAttempts.sum();
    }

    public long connectOk() {
        return connectOk.sum();
    }

    public long loginsOk() {
        return loginsOk.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long presenceSent() {
        return presenceSent.sum();
    }

    public long presenceReceived() {
        return presenceReceived.sum();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Errors by kind, sorted by name. */
    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Histogram connectHistogram() {
        return connect.copy();
    }

    public Histogram tlsHistogram() {
        return tls.copy();
    }

    public Histogram authHistogram() {
        return auth.copy();
    }

    public Histogram loginHistogram() {
        return login.copy();
    }

    public Histogram messageLatencyHistogram() {
        return messageLatency.copy();
    }
}
