package io.starling.core.c2s;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The inbound count {@code h} of XEP-0198 §4: how many of the client's stanzas the server has handled.
 *
 * <p>"Handled" means the server took responsibility ({@link io.starling.core.session.Router#route}'s stage completed:
 * handed to a session's queue, committed to storage, or answered), so an acknowledged message to an offline member
 * is already in PostgreSQL. The count advances strictly in arrival order: a stanza whose stage completes later
 * holds back the count of every stanza after it, even those whose stages completed first, because {@code h} says
 * "the first h stanzas", not "h of them".
 *
 * <p>The common case (nothing waiting, the stage already complete) only increments a counter. Otherwise each stanza
 * takes a slot in arrival order; completed stages mark theirs from the session's executor and the head of the
 * queue is released. Confined to the session's executor.
 */
final class HandledCounter {
    /** A stanza already handled when it arrived, waiting behind a slower one; shared, never changed. */
    private static final Slot HANDLED = new Slot(true);

    private final Executor executor;
    private final Runnable advanced;
    private long handled;
    /** Stanzas received but not yet counted, oldest first; null while none wait (idle sessions stay small). */
    private ArrayDeque<Slot> waiting;

    /**
     * @param executor the session's executor, where completions are counted
     * @param advanced called on the executor whenever the count grows after a wait
     */
    HandledCounter(Executor executor, Runnable advanced) {
        this.executor = executor;
        this.advanced = advanced;
    }

    /** Counts one client stanza once {@code stage} has completed, in order. */
    void add(CompletionStage<?> stage) {
        boolean done = stage instanceof CompletableFuture<?> f && f.isDone();
        if (done && waiting == null) {
            handled++;
            return;
        }
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        if (done) {
            waiting.add(HANDLED);
            return;
        }
        Slot slot = new Slot(false);
        waiting.add(slot);
        stage.whenComplete((ignored, failure) -> executor.execute(() -> {
            slot.done = true;
            release();
        }));
    }

    private void release() {
        long before = handled;
        while (waiting != null && !waiting.isEmpty() && waiting.peek().done) {
            waiting.poll();
            handled++;
        }
        if (waiting != null && waiting.isEmpty()) {
            waiting = null;
        }
        if (handled != before) {
            advanced.run();
        }
    }

    /** Stanzas handled, in order, since stream management was enabled (not wrapped). */
    long handled() {
        return handled;
    }

    /** Stanzas received since stream management was enabled: handled plus waiting. */
    long received() {
        return handled + waiting();
    }

    /** Stanzas received whose count is still held back. */
    int waiting() {
        return waiting == null ? 0 : waiting.size();
    }

    private static final class Slot {
        boolean done;

        Slot(boolean done) {
            this.done = done;
        }
    }
}
