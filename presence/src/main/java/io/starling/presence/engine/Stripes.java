package io.starling.presence.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.concurrent.StripedExecutor;
import io.starling.core.jid.Jid;

/**
 * Runs work for a member on that member's stripe, with the member's {@link MemberState} at hand. One
 * {@link MemberTable} per stripe, touched only by its thread: per-member order without locks (ARCHITECTURE.md
 * §Threading). A full stripe refuses ordinary work with
 * {@link io.starling.core.concurrent.ExecutorOverloadedException}; release work ({@link #runRelease}) is refused only
 * once the stripes are shut down.
 */
final class Stripes {
    private static final Logger LOG = LoggerFactory.getLogger(Stripes.class);

    private final StripedExecutor executor;
    private final MemberTable[] tables;

    Stripes(StripedExecutor executor, Function<Integer, MemberTable> tableFactory) {
        this.executor = executor;
        this.tables = new MemberTable[executor.stripes()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = tableFactory.apply(i);
        }
    }

    /** Runs {@code task} with the member's state on its stripe; failures are logged. */
    void run(Jid member, Consumer<MemberState> task) {
        executor.execute(member, withState(member, task));
    }

    /**
     * Runs {@code task} like {@link #run}, but past a full stripe queue: for work that undoes what accepted work set
     * up and must not be lost (a session's end). The caller bounds how many such tasks it submits.
     */
    void runRelease(Jid member, Consumer<MemberState> task) {
        executor.executeRelease(member, withState(member, task));
    }

    private Runnable withState(Jid member, Consumer<MemberState> task) {
        MemberTable table = tables[executor.stripeOf(member)];
        return () -> {
            try {
                task.accept(table.get(member));
            } catch (RuntimeException e) {
                LOG.error("presence task for a member failed", e);
            }
        };
    }

    /** Computes a value with the member's state on its stripe; a refusal or failure fails the future. */
    <T> CompletableFuture<T> call(Jid member, Function<MemberState, T> task) {
        MemberTable table = tables[executor.stripeOf(member)];
        return executor.supply(member, () -> task.apply(table.get(member)));
    }

    /** The table of the stripe the caller runs on, for the member; call only from that stripe. */
    MemberTable tableOf(Jid member) {
        return tables[executor.stripeOf(member)];
    }

    int queueDepth() {
        return executor.queueDepth();
    }

    void shutdown(Duration grace) {
        executor.shutdownGracefully(grace);
    }
}
