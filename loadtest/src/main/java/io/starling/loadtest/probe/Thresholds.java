package io.starling.loadtest.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Upper limits in milliseconds from {@code -w}/{@code -c}: a bare number applies to the total run ({@code total}),
 * {@code step=ms} to one step ({@code login_a}, {@code login_b}, {@code message}, {@code reply}, {@code presence},
 * {@code logout}); {@code login=ms} sets both logins. A value above its limit raises the state. Immutable.
 */
public final class Thresholds {
    /** The label of the whole run in perfdata and thresholds. */
    public static final String TOTAL = "total";

    private static final Thresholds NONE = new Thresholds(Map.of());

    private final Map<String, Long> limits;

    private Thresholds(Map<String, Long> limits) {
        this.limits = Collections.unmodifiableMap(limits);
    }

    /** No limits at all. */
    public static Thresholds none() {
        return NONE;
    }

    /**
     * Parses the values of one option, each either {@code ms} or {@code label=ms} (comma-separated lists arrive
     * here already split).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Thresholds parse(List<String> specs) {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue;
            }
            int eq = spec.indexOf('=');
            String key = eq < 0 ? TOTAL : spec.substring(0, eq).trim();
            long ms = millis(eq < 0 ? spec : spec.substring(eq + 1).trim(), spec);
            if (key.equals("login")) {
                limits.put(ProbeStep.LOGIN_A.label(), ms);
                limits.put(ProbeStep.LOGIN_B.label(), ms);
            } else if (key.equals(TOTAL) || isStep(key)) {
                limits.put(key, ms);
            } else {
                throw new IllegalArgumentException("unknown threshold label '" + key + "' in '" + spec
                        + "' (use total, login, login_a, login_b, message, reply, presence, logout)");
            }
        }
        return limits.isEmpty() ? NONE : new Thresholds(limits);
    }

    private static long millis(String value, String spec) {
        try {
            long ms = Long.parseLong(value);
            if (ms <= 0) {
                throw new IllegalArgumentException("threshold must be a positive number of ms: '" + spec + "'");
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold is not a number of ms: '" + spec + "'");
        }
    }

    private static boolean isStep(String key) {
        for (ProbeStep step : ProbeStep.values()) {
            if (step.label().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The limit for {@code label}, if one was set. */
    public OptionalLong limit(String label) {
        Long ms = limits.get(label);
        return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
    }

    /** Whether {@code valueMs} is above the limit for {@code label}. */
    public boolean exceeded(String label, long valueMs) {
        Long ms = limits.get(label);
        return ms != null && valueMs > ms;
    }

    /** The labels that have a limit, in the order given. */
    public Iterable<String> labels() {
        return limits.keySet();
    }
}
