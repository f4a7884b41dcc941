package io.starling.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.starling.core.testing.Await;

/** Lanes bound ordinary tasks, let release tasks past the bound in their place in line, and refuse all once shut. */
class StripedExecutorTest {
    private final StripedExecutor executor = new StripedExecutor("test-stripes", 1, 2);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        gate.countDown();
        executor.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void fullLane_refusesOrdinaryTasks_butTakesReleaseTasksInOrder() throws Exception {
        blockTheLane();
        executor.execute("k", () -> ran.add("first"));
        executor.execute("k", () -> ran.add("second"));
        assertThatThrownBy(() -> executor.execute("k", () -> ran.add("refused")))
                .isInstanceOf(ExecutorOverloadedException.class).hasMessageContaining("queue is full");
        assertThat(executor.supply("k", () -> "refused too")).isCompletedExceptionally();

        executor.executeRelease("k", () -> ran.add("release"));
        executor.executeRelease("k", () -> ran.add("another release"));
        assertThat(executor.queueDepth()).isEqualTo(4);

        CountDownLatch done = new CountDownLatch(1);
        gate.countDown();
        executor.executeRelease("k", done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("first", "second", "release", "another release");
    }

    @Test
    void startedTasks_giveTheirPlaceBack() throws Exception {
        blockTheLane();
        executor.execute("k", () -> ran.add("a"));
        executor.execute("k", () -> ran.add("b"));
        gate.countDown();
        Await.until("the queued tasks ran", () -> ran.size() == 2);
        executor.execute("k", () -> ran.add("c"));
        executor.execute("k", () -> ran.add("d"));
        Await.until("c and d ran", () -> ran.size() == 4); // the lane holds 2: a third must wait for them to start
        assertThat(executor.supply("k", () -> ran.size()).get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void shutDown_refusesReleaseTasksToo() {
        executor.shutdownGracefully(Duration.ofSeconds(1));
        assertThatThrownBy(() -> executor.executeRelease("k", () -> ran.add("late")))
                .isInstanceOf(ExecutorOverloadedException.class).hasMessageContaining("shut down");
        assertThatThrownBy(() -> executor.execute("k", () -> ran.add("late")))
                .isInstanceOf(ExecutorOverloadedException.class).hasMessageContaining("shut down");
    }

    private void blockTheLane() throws InterruptedException {
        executor.execute("k", () -> {
            running.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
