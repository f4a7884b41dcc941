package io.starling.core.concurrent;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed-size pool of daemon threads named {@code <name>-<n>} with a bounded FIFO queue. When the queue is full
 * (or the pool is shut down) a task is refused with an {@link ExecutorOverloadedException}; {@link #supply} turns
 * that into a failed future so callers never see a synchronous throw.
 */
public final class BoundedExecutor extends ThreadPoolExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedExecutor.class);

    private final String name;

    /**
     * @param name          thread name prefix, e.g. {@code starling-jdbc}
     * @param threads       pool size, at least 1
     * @param queueCapacity queued tasks beyond the running ones, at least 1
     */
    public BoundedExecutor(String name, int threads, int queueCapacity) {
        this(name, threads, new ArrayBlockingQueue<>(queueCapacity));
    }

    /** For {@link StripedExecutor}, which bounds its lanes itself: the queue given is the only one. */
    BoundedExecutor(String name, int threads, BlockingQueue<Runnable> queue) {
        super(threads, threads, 60, TimeUnit.SECONDS, queue, namedThreads(name), (task, executor) -> {
            throw new ExecutorOverloadedException(name, executor.isShutdown());
        });
        this.name = name;
    }

    private static ThreadFactory namedThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> LOG.error("Uncaught exception on {}", thread.getName(), e));
            return t;
        };
    }

    /**
     * Runs {@code task} on this pool. Never throws: a refused task, or one that throws, yields a failed future.
     */
    public <T> CompletableFuture<T> supply(Callable<T> task) {
        return supply(this::execute, task);
    }

    /**
     * Runs {@code task} through {@code execute} (a pool's or a lane's); a refused task, or one that throws, yields a
     * failed future, never a throw.
     */
    static <T> CompletableFuture<T> supply(Consumer<Runnable> execute, Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            execute.accept(() -> {
                try {
                    future.complete(task.call());
                } catch (Throwable e) { // NOSONAR: hand every failure to the caller
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Tasks waiting for a thread; export as a gauge. */
    public int queueDepth() {
        return getQueue().size();
    }

    public String name() {
        return name;
    }

    /** Stops taking tasks, lets queued ones finish for up to {@code grace}, then interrupts the rest. */
    public void shutdownGracefully(Duration grace) {
        shutdown();
        try {
            if (!awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: {} tasks still running after {}, interrupting", name, getActiveCount(), grace);
                shutdownNow();
            }
        } catch (InterruptedException e) {
            shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
