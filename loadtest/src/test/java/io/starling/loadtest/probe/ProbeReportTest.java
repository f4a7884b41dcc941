package io.starling.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Threshold evaluation and perfdata formatting of {@link ProbeReport}. */
class ProbeReportTest {

    private static Map<ProbeStep, Long> timings() {
        Map<ProbeStep, Long> t = new EnumMap<>(ProbeStep.class);
        t.put(ProbeStep.LOGIN_A, 40L);
        t.put(ProbeStep.LOGIN_B, 45L);
        t.put(ProbeStep.MESSAGE, 6L);
        t.put(ProbeStep.REPLY, 5L);
        t.put(ProbeStep.PRESENCE, 3L);
        t.put(ProbeStep.LOGOUT, 0L);
        return t;
    }

    private static ProbeReport report(String warning, String critical) {
        return new ProbeReport(Thresholds.parse(List.of(warning.split(","))),
                Thresholds.parse(List.of(critical.split(","))));
    }

    @Test
    void withinLimits_isOkWithNagiosPerfdata() {
        ProbeResult r = report("500", "2000").completed(timings(), 99);
        assertThat(r.status()).isEqualTo(ProbeStatus.OK);
        assertThat(r.exitCode()).isZero();
        assertThat(r.statusLine()).isEqualTo("XMPP OK - message round trip 11 ms, 2 logins in 85 ms"
                + " | login_a=40ms;;;0 login_b=45ms;;;0 message=6ms;;;0 reply=5ms;;;0 presence=3ms;;;0"
                + " logout=0ms;;;0 total=99ms;500;2000;0");
    }

    @Test
    void totalAboveWarning_isWarningNamingTheLimit() {
        ProbeResult r = report("50", "2000").completed(timings(), 99);
        assertThat(r.status()).isEqualTo(ProbeStatus.WARNING);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.statusLine()).startsWith("XMPP WARNING - total 99 ms > 50 ms; message round trip");
    }

    @Test
    void stepAboveCritical_isCriticalEvenIfTotalIsFine() {
        ProbeResult r = report("login=30", "message=5").completed(timings(), 99);
        assertThat(r.status()).isEqualTo(ProbeStatus.CRITICAL);
        assertThat(r.statusLine()).contains("login_a 40 ms > 30 ms", "login_b 45 ms > 30 ms",
                "message 6 ms > 5 ms", "login_a=40ms;30;;0", "message=6ms;;5;0", "total=99ms;;;0");
    }

    @Test
    void valueEqualToLimit_isNotExceeded() {
        assertThat(report("99", "").completed(timings(), 99).status()).isEqualTo(ProbeStatus.OK);
    }

    @Test
    void failure_isCriticalNamingTheStepWithPerfdataOfCompletedSteps() {
        Map<ProbeStep, Long> done = new EnumMap<>(ProbeStep.class);
        done.put(ProbeStep.LOGIN_A, 40L);
        ProbeResult r = report("", "").failed(ProbeStep.LOGIN_B, "authentication failed (not-authorized)", done);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.statusLine()).isEqualTo("XMPP CRITICAL - connect+login B failed: authentication failed "
                + "(not-authorized) | login_a=40ms;;;0");
    }

    @Test
    void failureReasonWithNewlinesAndPipes_staysOneLine() {
        ProbeResult r = report("", "").failed(ProbeStep.LOGIN_A, "a\nb | c", Map.of());
        assertThat(r.statusLine()).isEqualTo("XMPP CRITICAL - connect+login A failed: a b / c");
    }

    @Test
    void badThresholds_areRejected() {
        assertThatThrownBy(() -> Thresholds.parse(List.of("-5"))).hasMessageContaining("positive");
        assertThatThrownBy(() -> Thresholds.parse(List.of("message=x"))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Thresholds.parse(List.of("lunch=5"))).hasMessageContaining("unknown threshold");
    }
}
