package io.starling.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateSchedulerTest {
    private static final long MS = 1_000_000;

    @Test
    void steadyTicks_emitRateTimesElapsed() {
        RateScheduler s = new RateScheduler(10_000, 0, 1_000);
        long total = 0;
        for (long t = 1; t <= 1000; t++) {
            total += s.due(t * MS);
        }
        assertThat(total).isEqualTo(10_000);
        assertThat(s.emitted()).isEqualTo(10_000);
    }

    @Test
    void fractionalRate_accumulatesAcrossTicks() {
        RateScheduler s = new RateScheduler(300, 0, 100);
        assertThat(s.due(1 * MS)).isZero();
        assertThat(s.due(3 * MS)).isZero();
        assertThat(s.due(4 * MS)).isEqualTo(1);
        assertThat(s.due(10 * MS)).isEqualTo(2);
    }

    @Test
    void stalledLoop_catchesUpAtMostMaxBurstPerTick() {
        RateScheduler s = new RateScheduler(10_000, 0, 50);
        assertThat(s.due(100 * MS)).isEqualTo(50);
        assertThat(s.due(101 * MS)).isEqualTo(50);
        assertThat(s.emitted()).isEqualTo(100);
    }

    @Test
    void beforeStart_nothingDue() {
        RateScheduler s = new RateScheduler(1_000, 10 * MS, 10);
        assertThat(s.due(5 * MS)).isZero();
    }
}
