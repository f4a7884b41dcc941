package io.starling.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.starling.loadtest.metrics.LatencySummary;

class LoadReportTest {
    private static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    private static LoadReport chat(Map<String, Long> errors, long maxErrors) {
        long count = errors.values().stream().mapToLong(Long::longValue).sum();
        return new LoadReport("chat", "tcp", 2000, 10_000, 10.0, 2000, 2000, 2000, 1523.4, 2000, 100_000, 99_990,
                10, 9999.0, 0, 0, count, errors, NONE, NONE, NONE,
                new LatencySummary(2000, 12.5, 30, 80, 120, 130, 20),
                new LatencySummary(99_990, 0.52, 0.7, 3.53, 17.4, 25.126, 0.9), maxErrors);
    }

    @Test
    void chatSummary_hasCountsRatesAndPercentiles() {
        String line = chat(Map.of(), 0).summaryLine();
        assertThat(line).startsWith("RESULT scenario=chat transport=tcp members=2000 ")
                .contains(" logins_per_s=1523 ", " rate=10000 ", " sent=100000 ", " received=99990 ",
                        " lost=10 ", " msg_per_s=9999 ", " p50=0.52ms ", " p90=0.70ms ", " p99=3.53ms ",
                        " p999=17.4ms ", " max=25.1ms ", " login_p50=12.5ms ")
                .endsWith(" errors=0");
    }

    @Test
    void errors_listedByKind_andFailWithoutTolerance() {
        Map<String, Long> errors = new TreeMap<>(Map.of("auth-failed", 2L, "stream-error:conflict", 1L));
        LoadReport failing = chat(errors, 0);
        assertThat(failing.summaryLine()).contains(" errors=3 error_kinds=auth-failed:2,stream-error:conflict:1");
        assertThat(failing.passed()).isFalse();
        assertThat(chat(errors, 3).passed()).isTrue();
    }

    @Test
    void json_carriesEverything() {
        String json = chat(Map.of("login-timeout", 1L), 0).toJson();
        assertThat(json).contains("\"scenario\" : \"chat\"", "\"messagesLost\" : 10", "\"p999\" : 17.4",
                "\"login-timeout\" : 1", "\"messageLatencyMs\"");
    }

    @Test
    void idleSummary_omitsMessageFields() {
        LoadReport r = new LoadReport("idle-hold", "starttls", 10, 0, 1, 10, 10, 10, 50, 10, 0, 0, 0, 0, 0, 0, 0,
                Map.of(), NONE, NONE, NONE, NONE, NONE, 0);
        assertThat(r.summaryLine()).doesNotContain("sent=").contains("transport=starttls", "peak_online=10");
    }
}
