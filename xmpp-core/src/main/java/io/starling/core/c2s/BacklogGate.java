package io.starling.core.c2s;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.session.Session;
import io.starling.core.spi.Backlog;
import io.starling.core.stanza.Stanza;

/**
 * Initial presence (XEP-0160): the member's kept stanzas are taken from the {@link Backlog} and go out ahead of
 * anything delivered while they load, which waits here. Lives only while loading; confined to the session's
 * executor.
 */
final class BacklogGate {
    private static final Logger LOG = LoggerFactory.getLogger(BacklogGate.class);

    private final List<Stanza> held = new ArrayList<>();

    /**
     * Starts loading; once done, {@code release} runs on the executor and then {@code out} gets the kept stanzas
     * and those held meanwhile, in order.
     */
    void open(Backlog backlog, Session session, Executor executor, Runnable release, Consumer<Stanza> out) {
        CompletionStage<List<Stanza>> kept;
        try {
            kept = backlog.take(session);
        } catch (RuntimeException e) {
            kept = CompletableFuture.failedFuture(e);
        }
        kept.whenComplete((stanzas, failure) -> executor.execute(() -> {
            if (failure != null) {
                LOG.error("loading kept stanzas for {} failed; they stay stored for the next login",
                        session.jid(), failure);
            }
            release.run();
            if (stanzas != null) {
                stanzas.forEach(out);
            }
            held.forEach(out);
        }));
    }

    /** A stanza delivered while the backlog loads: it goes out after it. */
    void hold(Stanza stanza) {
        held.add(stanza);
    }
}
