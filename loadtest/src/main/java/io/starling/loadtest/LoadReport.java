package io.starling.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.starling.loadtest.metrics.LatencySummary;

/**
 * The outcome of one load run: counts, rates, latency percentiles (ms) and errors by kind. {@link #summaryLine()}
 * is the one-line {@code RESULT}; {@link #writeJson} writes all of it.
 *
 * @param loginsPerSecond logins completed per second from the first start to the last login
 * @param messagesPerSecond measured messages received per second of the measured phase
 * @param messagesLost measured messages sent but not received by the end of the drain
 * @param maxErrors errors tolerated: {@link #passed()} when {@code errors <= maxErrors}
 */
public record LoadReport(String scenario, String transport, int members, double rate, double durationSeconds,
                         long connectAttempts, long connectOk, long loginsOk, double loginsPerSecond,
                         int peakOnline, long messagesSent, long messagesReceived, long messagesLost,
                         double messagesPerSecond, long presenceSent, long presenceReceived, long errors,
                         Map<String, Long> errorsByKind, LatencySummary connectMs, LatencySummary tlsMs,
                         LatencySummary authMs, LatencySummary loginMs, LatencySummary messageLatencyMs,
                         long maxErrors) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** True when the errors stay within the tolerated number. */
    public boolean passed() {
        return errors <= maxErrors;
    }

    /** One line: {@code RESULT scenario=chat transport=tcp members=... errors=0 ...}. */
    public String summaryLine() {
        StringBuilder sb = new StringBuilder("RESULT");
        kv(sb, "scenario", scenario);
        kv(sb, "transport", transport);
        kv(sb, "members", members);
        kv(sb, "peak_online", peakOnline);
        kv(sb, "logins", loginsOk);
        kv(sb, "logins_per_s", fmt(loginsPerSecond));
        kv(sb, "login_p50", ms(loginMs.p50()));
        kv(sb, "login_p99", ms(loginMs.p99()));
        if (scenario.equals(Scenario.CHAT.cliName())) {
            kv(sb, "rate", fmt(rate));
            kv(sb, "sent", messagesSent);
            kv(sb, "received", messagesReceived);
            kv(sb, "lost", messagesLost);
            kv(sb, "msg_per_s", fmt(messagesPerSecond));
            kv(sb, "p50", ms(messageLatencyMs.p50()));
            kv(sb, "p90", ms(messageLatencyMs.p90()));
            kv(sb, "p99", ms(messageLatencyMs.p99()));
            kv(sb, "p999", ms(messageLatencyMs.p999()));
            kv(sb, "max", ms(messageLatencyMs.max()));
        } else if (scenario.equals(Scenario.PRESENCE_CHURN.cliName())) {
            kv(sb, "rate", fmt(rate));
            kv(sb, "presence_sent", presenceSent);
            kv(sb, "presence_received", presenceReceived);
        }
        kv(sb, "duration_s", fmt(durationSeconds));
        kv(sb, "errors", errors);
        if (!errorsByKind.isEmpty()) {
            kv(sb, "error_kinds", errorsByKind.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(",")));
        }
        return sb.toString();
    }

    /** Writes the whole report as indented JSON. */
    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** The whole report as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void kv(StringBuilder sb, String key, Object value) {
        sb.append(' ').append(key).append('=').append(value);
    }

    private static String ms(double v) {
        return fmt(v) + "ms";
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
