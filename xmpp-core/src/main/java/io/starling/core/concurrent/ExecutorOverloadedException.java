package io.starling.core.concurrent;

import java.util.concurrent.RejectedExecutionException;

/**
 * A bounded executor or work lane ({@link BoundedExecutor}, {@link StripedExecutor}, the offline writer lanes) refused
 * a task: its queue is full or it is shutting down. Expected under overload, so stackless; callers answer
 * {@code resource-constraint} (RFC 6120 §8.3.3.18, type wait).
 */
public final class ExecutorOverloadedException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    public ExecutorOverloadedException(String executor, boolean shutdown) {
        super(executor + (shutdown ? " is shut down" : " queue is full"));
    }

    @Override
    public synchronized Throwable fillInStackTrace() { // NOSONAR: expected condition, no stack needed
        return this;
    }
}
