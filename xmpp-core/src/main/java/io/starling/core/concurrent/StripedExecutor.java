package io.starling.core.concurrent;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single-threaded lanes ("stripes"), each with one FIFO queue: tasks with the same key run one at a time and in
 * submission order, tasks with different keys run in parallel across stripes (ARCHITECTURE.md §Threading: "per-
 * member order uses an executor striped by bare JID"). A stripe's state may be confined to its thread, no locks.
 *
 * <p>Two kinds of task share a lane's queue, and so its order:
 * <ul>
 *   <li>ordinary tasks ({@link #execute}, {@link #supply}): at most {@code queueCapacity} of them wait per lane;
 *       one more is refused with {@link ExecutorOverloadedException}, as {@link BoundedExecutor} does;</li>
 *   <li>release tasks ({@link #executeRelease}): accepted beyond that bound, refused only once the executor is shut
 *       down. For work that must not be lost because it undoes what an accepted task set up — a session's end
 *       after its start. Their number is the caller's to bound (e.g. one per live session).</li>
 * </ul>
 */
public final class StripedExecutor {
    private final Lane[] lanes;

    /**
     * @param name          thread names become {@code <name>-<stripe>-1}
     * @param stripes       number of lanes, at least 1
     * @param queueCapacity ordinary tasks waiting per lane, at least 1
     */
    public StripedExecutor(String name, int stripes, int queueCapacity) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
        this.lanes = new Lane[stripes];
        for (int i = 0; i < stripes; i++) {
            this.lanes[i] = new Lane(name + "-" + i, queueCapacity);
        }
    }

    /** The lane index for a key. */
    public int stripeOf(Object key) {
        return Math.floorMod(key.hashCode(), lanes.length);
    }

    /** Runs the task on the key's lane; throws {@link ExecutorOverloadedException} when that lane is full. */
    public void execute(Object key, Runnable task) {
        lanes[stripeOf(key)].execute(task);
    }

    /**
     * Runs the task on the key's lane, after every task queued there before it, even when the lane is full of
     * ordinary tasks. Throws {@link ExecutorOverloadedException} only once the executor is shut down.
     */
    public void executeRelease(Object key, Runnable task) {
        lanes[stripeOf(key)].pool.execute(task);
    }

    /** Runs the task on the key's lane; a refused or failing task yields a failed future, never a throw. */
    public <T> CompletableFuture<T> supply(Object key, Callable<T> task) {
        Lane lane = lanes[stripeOf(key)];
        return BoundedExecutor.supply(lane::execute, task);
    }

    public int stripes() {
        return lanes.length;
    }

    /** Tasks waiting over all lanes, both kinds; export as a gauge. */
    public int queueDepth() {
        int depth = 0;
        for (Lane l : lanes) {
            depth += l.pool.queueDepth();
        }
        return depth;
    }

    /** Lets queued tasks finish for up to {@code grace} in total, then interrupts. */
    public void shutdownGracefully(Duration grace) {
        for (Lane l : lanes) {
            l.pool.shutdown();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Lane l : lanes) {
            l.pool.shutdownGracefully(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /**
     * One thread over an unbounded queue; the bound on ordinary tasks is a counter of those waiting (taken when
     * queued, given back when the task starts), so release tasks can pass it while keeping their place in line.
     */
    private static final class Lane {
        private final BoundedExecutor pool;
        private final String name;
        private final int capacity;
        private final AtomicInteger waiting = new AtomicInteger();

        Lane(String name, int capacity) {
            this.pool = new BoundedExecutor(name, 1, new LinkedBlockingQueue<>());
            this.name = name;
            this.capacity = capacity;
        }

        void execute(Runnable task) {
            if (waiting.incrementAndGet() > capacity) {
                waiting.decrementAndGet();
                throw new ExecutorOverloadedException(name, pool.isShutdown());
            }
            try {
                pool.execute(() -> {
                    waiting.decrementAndGet();
                    task.run();
                });
            } catch (RejectedExecutionException e) {
                waiting.decrementAndGet();
                throw e;
            }
        }
    }
}
