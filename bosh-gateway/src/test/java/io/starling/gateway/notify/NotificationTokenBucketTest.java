package io.starling.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class NotificationTokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void fullBucket_burstsUpToTheRate_thenRefuses() {
        TokenBucket bucket = new TokenBucket(5, now::get);

        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).isZero();
        }
        long wait = bucket.tryTake();
        assertThat(wait).isPositive().isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void refills_atTheRate() {
        TokenBucket bucket = new TokenBucket(2, now::get);
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isPositive();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isPositive();
    }

    @Test
    void longIdle_doesNotSaveMoreThanOneSecond() {
        TokenBucket bucket = new TokenBucket(3, now::get);
        now.addAndGet(TimeUnit.MINUTES.toNanos(10));

        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake()).isZero();
        }
        assertThat(bucket.tryTake()).isPositive();
    }
}
