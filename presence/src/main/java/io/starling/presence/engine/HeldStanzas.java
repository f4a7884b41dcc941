package io.starling.presence.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.session.Session;

/**
 * Stanzas a session sent before its member's block list was published: each waits for an answer from the member's
 * stripe, and everything the session sends while one waits is held behind it, so that the session's stanzas leave
 * in the order it sent them (RFC 6120 §10.1) even though later ones could be checked at once. Each session's chain
 * is extended and run on that session's executor; the map only spans sessions. A session's entry goes once its last
 * held stanza is through.
 */
final class HeldStanzas {
    private static final Logger LOG = LoggerFactory.getLogger(HeldStanzas.class);

    private final ConcurrentHashMap<Session, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Whether stanzas of the session still wait: then a new one must wait behind them. */
    boolean holding(Session session) {
        CompletableFuture<Void> tail = tails.get(session);
        return tail != null && !tail.isDone();
    }

    /**
     * Runs {@code then} with the outcome of {@code answer} (a value, or the failure) on the session's executor, after
     * every stanza held for the session before.
     */
    <T> void hold(Session session, CompletableFuture<T> answer, BiConsumer<T, Throwable> then) {
        CompletableFuture<Void> previous = tails.getOrDefault(session, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> next = previous
                .handle((ignored, failure) -> null)
                .thenCompose(ignored -> answer.handle(Outcome::new))
                .thenAcceptAsync(o -> run(then, o), session.executor());
        tails.put(session, next);
        next.whenComplete((ignored, failure) -> tails.remove(session, next));
    }

    private static <T> void run(BiConsumer<T, Throwable> then, Outcome<T> o) {
        try {
            then.accept(o.value, o.failure);
        } catch (RuntimeException e) {
            LOG.error("a held stanza could not be handled", e);
        }
    }

    private record Outcome<T>(T value, Throwable failure) {
    }
}
