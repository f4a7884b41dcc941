package io.starling.core.concurrent;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Single-threaded lanes ("stripes"), each with a bounded FIFO queue: tasks with the same key run one at a time and
 * in submission order, tasks with different keys run in parallel across stripes (ARCHITECTURE.md §Threading: "per-
 * member order uses an executor striped by bare JID"). A stripe's state may be confined to its thread, no locks.
 * A full stripe refuses with {@link ExecutorOverloadedException}, as {@link BoundedExecutor} does.
 */
public final class StripedExecutor {
    private final BoundedExecutor[] stripes;

    /**
     * @param name          thread names become {@code <name>-<stripe>-1}
     * @param stripes       number of lanes, at least 1
     * @param queueCapacity queued tasks per lane
     */
    public StripedExecutor(String name, int stripes, int queueCapacity) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1");
        }
        this.stripes = new BoundedExecutor[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new BoundedExecutor(name + "-" + i, 1, queueCapacity);
        }
    }

    /** The lane index for a key. */
    public int stripeOf(Object key) {
        return Math.floorMod(key.hashCode(), stripes.length);
    }

    /** Runs the task on the key's lane; throws {@link ExecutorOverloadedException} when that lane is full. */
    public void execute(Object key, Runnable task) {
        stripes[stripeOf(key)].execute(task);
    }

    /** Runs the task on the key's lane; a refused or failing task yields a failed future, never a throw. */
    public <T> CompletableFuture<T> supply(Object key, Callable<T> task) {
        return stripes[stripeOf(key)].supply(task);
    }

    public int stripes() {
        return stripes.length;
    }

    /** Tasks waiting over all lanes; export as a gauge. */
    public int queueDepth() {
        int depth = 0;
        for (BoundedExecutor s : stripes) {
            depth += s.queueDepth();
        }
        return depth;
    }

    /** Lets queued tasks finish for up to {@code grace} in total, then interrupts. */
    public void shutdownGracefully(Duration grace) {
        for (BoundedExecutor s : stripes) {
            s.shutdown();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (BoundedExecutor s : stripes) {
            s.shutdownGracefully(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }
}
