package io.starling.offline.store;

import java.util.concurrent.RejectedExecutionException;

/**
 * An offline lane refused work: its queue is full, or the writer is stopping. Expected under overload, so
 * stackless; the sender is answered {@code resource-constraint} (RFC 6120 §8.3.3.18, type wait: retry later).
 */
public final class OfflineQueueFullException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    public OfflineQueueFullException(String lane, boolean stopping) {
        super(lane + (stopping ? " is stopping" : " queue is full"));
    }

    @Override
    public synchronized Throwable fillInStackTrace() { // NOSONAR: expected condition, no stack needed
        return this;
    }
}
