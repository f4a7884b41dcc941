package io.starling.core.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LeftoverRoutingsTest {
    private final LeftoverRoutings routings = new LeftoverRoutings();

    @Test
    void noneInFlight_awaitReturnsAtOnce() throws Exception {
        assertThat(routings.awaitNone(Duration.ZERO)).isTrue();
    }

    @Test
    void oneInFlight_awaitTimesOut_thenReturnsOnceItCompletesOnAnotherThread() throws Exception {
        routings.added(2);
        routings.completed();
        assertThat(routings.awaitNone(Duration.ofMillis(30))).isFalse();
        assertThat(routings.inFlight()).isOne();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            routings.completed();
        });
        t.start();
        assertThat(routings.awaitNone(Duration.ofSeconds(5))).isTrue();
        t.join();
    }
}
