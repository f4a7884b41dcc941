package io.starling.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AuthThrottle throttle = new AuthThrottle(3, Duration.ofSeconds(60), 100, now::get);

    @Test
    void belowLimit_allowed_atLimit_refused() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.allowed("10.0.0.1")).isTrue();
        throttle.failed("10.0.0.1");
        assertThat(throttle.allowed("10.0.0.1")).isFalse();
        assertThat(throttle.allowed("10.0.0.2")).isTrue();
    }

    @Test
    void windowPassed_allowedAgainAndCountRestarts() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("::1");
        }
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(throttle.allowed("::1")).isTrue();
        throttle.failed("::1");
        assertThat(throttle.allowed("::1")).isTrue();
    }

    @Test
    void success_doesNotResetFailures() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1");
        }
        throttle.succeeded("10.0.0.1");
        assertThat(throttle.allowed("10.0.0.1")).isFalse();
    }

    @Test
    void overCapacity_evictsExpiredThenOldest() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("old-" + i);
        }
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        for (int i = 0; i < 100; i++) {
            now.incrementAndGet();
            throttle.failed("new-" + i);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(100);
        for (int i = 0; i < 150; i++) {
            now.incrementAndGet();
            throttle.failed("newer-" + i);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(101);
        assertThat(throttle.allowed("newer-149")).isTrue();
    }

    @Test
    void concurrentFailures_allCounted() throws Exception {
        AuthThrottle t = new AuthThrottle(4_000, Duration.ofMinutes(1), 1000, now::get);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 999; j++) {
                    t.failed("10.1.1.1");
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(t.allowed("10.1.1.1")).isTrue(); // 3996 < 4000
        for (int i = 0; i < 4; i++) {
            t.failed("10.1.1.1");
        }
        assertThat(t.allowed("10.1.1.1")).isFalse();
    }
}
