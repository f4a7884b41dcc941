package io.starling.core.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.starling.core.session.Router;

class HandledCounterTest {
    private final Queue<Runnable> loop = new ArrayDeque<>();
    private final AtomicInteger advanced = new AtomicInteger();
    private final HandledCounter counter = new HandledCounter(loop::add, advanced::incrementAndGet);

    private void runLoop() {
        Runnable r;
        while ((r = loop.poll()) != null) {
            r.run();
        }
    }

    @Test
    void completedStages_countAtOnce_nothingWaits() {
        for (int i = 0; i < 1000; i++) {
            counter.add(Router.DONE);
        }
        assertThat(counter.handled()).isEqualTo(1000);
        assertThat(counter.waiting()).isZero();
        assertThat(loop).isEmpty();
    }

    @Test
    void laterStagesCompletingFirst_waitForTheEarlierOne() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> third = new CompletableFuture<>();
        counter.add(Router.DONE);
        counter.add(first);
        counter.add(Router.DONE);
        counter.add(third);
        counter.add(Router.DONE);
        assertThat(counter.handled()).isEqualTo(1);
        assertThat(counter.received()).isEqualTo(5);

        third.complete(null);
        runLoop();
        assertThat(counter.handled()).as("the second still holds back the rest").isEqualTo(1);
        assertThat(advanced).hasValue(0);

        first.complete(null);
        runLoop();
        assertThat(counter.handled()).isEqualTo(5);
        assertThat(counter.waiting()).isZero();
        assertThat(advanced).hasValue(1);
    }

    @Test
    void completionOnAnotherThread_isCountedOnTheExecutor() throws Exception {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        counter.add(slow);
        Thread t = new Thread(() -> slow.complete(null));
        t.start();
        t.join();
        assertThat(counter.handled()).isZero();
        runLoop();
        assertThat(counter.handled()).isOne();
    }

    @Test
    void failedStage_stillCounts_theRouterHasAnsweredTheSender() {
        counter.add(CompletableFuture.failedFuture(new IllegalStateException("boom")));
        runLoop();
        assertThat(counter.handled()).isOne();
    }
}
