package io.starling.loadtest.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns step timings (and a failure, if any) into the plugin's state and status line. A failed step is CRITICAL
 * whatever the timings; otherwise each timing and the total are checked against the critical then the warning
 * limits. Perfdata lists the steps that completed and, when the run completed, the total.
 */
public final class ProbeReport {
    private final Thresholds warning;
    private final Thresholds critical;

    public ProbeReport(Thresholds warning, Thresholds critical) {
        this.warning = warning;
        this.critical = critical;
    }

    /** The result of a run that completed all steps in {@code totalMs}. */
    public ProbeResult completed(Map<ProbeStep, Long> timings, long totalMs) {
        ProbeStatus status = ProbeStatus.OK;
        List<String> over = new ArrayList<>();
        for (Map.Entry<ProbeStep, Long> e : timings.entrySet()) {
            status = check(status, e.getKey().label(), e.getValue(), over);
        }
        status = check(status, Thresholds.TOTAL, totalMs, over);
        long roundTrip = get(timings, ProbeStep.MESSAGE) + get(timings, ProbeStep.REPLY);
        long logins = get(timings, ProbeStep.LOGIN_A) + get(timings, ProbeStep.LOGIN_B);
        StringBuilder line = new StringBuilder("XMPP ").append(status).append(" - ");
        if (!over.isEmpty()) {
            line.append(String.join(", ", over)).append("; ");
        }
        line.append("message round trip ").append(roundTrip).append(" ms, 2 logins in ").append(logins)
                .append(" ms | ").append(perfdata(timings, totalMs));
        return new ProbeResult(status, line.toString());
    }

    /** The result of a run that failed at {@code step} for {@code reason}, after {@code timings} completed. */
    public ProbeResult failed(ProbeStep step, String reason, Map<ProbeStep, Long> timings) {
        StringBuilder line = new StringBuilder("XMPP CRITICAL - ").append(step.description()).append(" failed: ")
                .append(StatusText.oneLine(reason));
        if (!timings.isEmpty()) {
            line.append(" | ").append(perfdata(timings, -1));
        }
        return new ProbeResult(ProbeStatus.CRITICAL, line.toString());
    }

    private ProbeStatus check(ProbeStatus status, String label, long ms, List<String> over) {
        if (critical.exceeded(label, ms)) {
            over.add(label + " " + ms + " ms > " + critical.limit(label).getAsLong() + " ms");
            return status.worst(ProbeStatus.CRITICAL);
        }
        if (warning.exceeded(label, ms)) {
            over.add(label + " " + ms + " ms > " + warning.limit(label).getAsLong() + " ms");
            return status.worst(ProbeStatus.WARNING);
        }
        return status;
    }

    /** Perfdata for the given timings; the total only when {@code totalMs >= 0}. */
    String perfdata(Map<ProbeStep, Long> timings, long totalMs) {
        Map<ProbeStep, Long> ordered = new EnumMap<>(ProbeStep.class);
        ordered.putAll(timings);
        List<String> items = new ArrayList<>();
        ordered.forEach((step, ms) -> items.add(item(step.label(), ms)));
        if (totalMs >= 0) {
            items.add(item(Thresholds.TOTAL, totalMs));
        }
        return String.join(" ", items);
    }

    private String item(String label, long ms) {
        return label + "=" + ms + "ms;" + limit(warning, label) + ";" + limit(critical, label) + ";0";
    }

    private static String limit(Thresholds t, String label) {
        return t.limit(label).isPresent() ? Long.toString(t.limit(label).getAsLong()) : "";
    }

    private static long get(Map<ProbeStep, Long> timings, ProbeStep step) {
        return timings.getOrDefault(step, 0L);
    }
}
