package io.starling.core.concurrent;

import java.util.concurrent.RejectedExecutionException;

/** A {@link BoundedExecutor} refused a task: its queue is full or it is shutting down. Expected, so stackless. */
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
