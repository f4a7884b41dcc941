package io.starling.offline.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.core.jid.Jid;
import io.starling.offline.store.OfflineRepository.NewMessage;
import io.starling.offline.store.OfflineRepository.StoredMessage;

/**
 * Group commit for offline messages: a few lanes, each a bounded queue drained by one named thread
 * ({@code starling-offline-<n>}). A member's work always runs on the lane {@code floorMod(bareJid.hashCode(), lanes)},
 * in submission order, so a member's messages are stored in the order they were handed in and a take never overtakes
 * an earlier store for the same member (nor the reverse).
 *
 * <p>The lane thread takes what has queued up, up to the batch size, and writes all consecutive stores in one
 * transaction ({@link OfflineRepository#insertBatch}); a take splits the batch (stores before it are committed
 * first). Each store's future completes only after its transaction committed: {@code true} stored, {@code false}
 * refused because the member's quota was full. Under load one commit (one WAL flush) covers many messages; idle, a
 * message is committed alone at once — there is no timer.
 *
 * <p>After each commit, for every member that just got messages, the lane asks {@link AfterCommit#receiverFor}
 * whether a session of the member could now take them (it became available while they were on their way) and if so
 * reads them at once, on the lane, hands them to {@link AfterCommit#redeliver}, and deletes those it handed over —
 * before completing the stores' futures: nothing committed just after a member's login waits for the next one, and
 * nothing the router held back behind these stores overtakes them. Deleting only after the hand-over means a failure
 * on the way loses nothing: what was not handed over stays stored for the next login, and a failed delete at worst
 * delivers a message twice.
 *
 * <p>Full lane: the future fails with {@link ExecutorOverloadedException}. Stopping: queued work is finished first,
 * then the threads end; work submitted after {@link #stop} fails the same way.
 */
public final class OfflineWriter {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineWriter.class);

    /** What happens after a commit; called on the lane thread, so it must not block. */
    public interface AfterCommit {
        /** Whether a session of {@code owner} could take the messages now, so they should be taken at once. */
        boolean receiverFor(Jid owner);

        /**
         * Hands {@code owner}'s stored messages, oldest first, to the session that can take them, in order, stopping
         * at the first one it cannot hand over (so that none overtakes another).
         *
         * @return how many, from the first, were handed over (or will never be deliverable); the lane deletes those,
         *         the rest stay stored
         */
        int redeliver(Jid owner, List<StoredMessage> messages);
    }

    /** Counters since start, for tests, benchmarks and metrics. */
    public record Stats(long transactions, long stored, long refused, long takes, long redelivered, long failed) {
    }

    private sealed interface Task permits Store, Take, Stop {
    }

    private record Store(NewMessage message, CompletableFuture<Boolean> done) implements Task {
    }

    private record Take(Jid owner, CompletableFuture<List<StoredMessage>> done) implements Task {
    }

    private enum Stop implements Task { INSTANCE }

    private final OfflineRepository repository;
    private final AfterCommit afterCommit;
    private final int quota;
    private final int batchSize;
    private final Lane[] lanes;
    /** Per member, takes queued and not yet run; absent when none. */
    private final ConcurrentHashMap<Jid, Integer> queuedTakes = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong takes = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param lanes     number of lanes (threads, and at most that many pooled connections in use)
     * @param laneQueue queued tasks per lane before submissions fail
     * @param batchSize most tasks one lane handles per round, hence most messages per transaction
     * @param quota     messages kept per member
     */
    public OfflineWriter(OfflineRepository repository, int lanes, int laneQueue, int batchSize, int quota,
                         AfterCommit afterCommit) {
        if (lanes < 1 || laneQueue < 1 || batchSize < 1 || quota < 1) {
            throw new IllegalArgumentException("lanes, laneQueue, batchSize and quota must be at least 1");
        }
        this.repository = repository;
        this.afterCommit = afterCommit;
        this.quota = quota;
        this.batchSize = batchSize;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane("starling-offline-" + i, laneQueue);
        }
    }

    public void start() {
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    /**
     * Queues a message for storage. Never blocks, never throws.
     *
     * @return {@code true} once committed, {@code false} once refused for the quota; fails with
     *         {@link ExecutorOverloadedException} when the lane is full or stopping, with {@link OfflineStoreException}
     *         when the transaction failed
     */
    public CompletableFuture<Boolean> store(NewMessage message) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(message.owner(), new Store(message, done), done);
        return done;
    }

    /** Queues a take of everything kept for the member; completes with the messages, oldest first. */
    public CompletableFuture<List<StoredMessage>> take(Jid owner) {
        CompletableFuture<List<StoredMessage>> done = new CompletableFuture<>();
        queuedTake(owner, 1); // before it is queued: see redeliverIfReceiver
        if (!submit(owner, new Take(owner, done), done)) {
            queuedTake(owner, -1);
        }
        return done;
    }

    private void queuedTake(Jid owner, int delta) {
        queuedTakes.compute(owner, (k, n) -> {
            int v = (n == null ? 0 : n) + delta;
            return v <= 0 ? null : v;
        });
    }

    /** @return false if refused at once ({@code done} has failed) */
    private boolean submit(Jid owner, Task task, CompletableFuture<?> done) {
        Lane lane = lanes[Math.floorMod(owner.hashCode(), lanes.length)];
        if (stopping || !lane.queue.offer(task)) {
            done.completeExceptionally(new ExecutorOverloadedException(lane.thread.getName(), stopping));
            return false;
        }
        if (stopping && !lane.thread.isAlive()) {
            lane.failQueued(); // raced with stop: the lane is gone, nobody else will answer it
        }
        return true;
    }

    /** Whether the member's lane has room for one more task now (a hint: it may fill before the next submit). */
    public boolean hasRoom(Jid owner) {
        return !stopping && lanes[Math.floorMod(owner.hashCode(), lanes.length)].queue.remainingCapacity() > 0;
    }

    /** Tasks waiting over all lanes; export as a gauge. */
    public int queueDepth() {
        int depth = 0;
        for (Lane lane : lanes) {
            depth += lane.queue.size();
        }
        return depth;
    }

    public Stats stats() {
        return new Stats(transactions.get(), stored.get(), refused.get(), takes.get(), redelivered.get(),
                failed.get());
    }

    /** Refuses new work, lets the lanes finish what is queued for up to {@code grace}, then interrupts them. */
    public void stop(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Lane lane : lanes) {
            if (!lane.thread.isAlive()) {
                lane.failQueued(); // never started
                continue;
            }
            try {
                if (!lane.queue.offer(Stop.INSTANCE, Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS)) {
                    lane.thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lane.thread.interrupt();
            }
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (lane.thread.isAlive()) {
                LOG.warn("{} still busy after {}, interrupting", lane.thread.getName(), grace);
                lane.thread.interrupt();
            }
        }
    }

    /** One queue and the thread that drains it; the lists are confined to that thread. */
    private final class Lane implements Runnable {
        private final ArrayBlockingQueue<Task> queue;
        private final Thread thread;
        private final List<Task> round = new ArrayList<>();
        private final List<Store> stores = new ArrayList<>();

        Lane(String name, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught exception on {}", t.getName(), e));
        }

        @Override
        public void run() {
            boolean stop = false;
            try {
                while (!stop) {
                    round.add(queue.take());
                    queue.drainTo(round, batchSize - 1);
                    try {
                        stop = handle(round);
                    } catch (RuntimeException e) {
                        LOG.error("{} failed a round of {} tasks", thread.getName(), round.size(), e);
                        stores.clear();
                        fail(round, e);
                    }
                    round.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                fail(round, new ExecutorOverloadedException(thread.getName(), true));
                failQueued();
            }
        }

        /** @return true when the round held the stop signal */
        private boolean handle(List<Task> tasks) {
            boolean stop = false;
            for (Task task : tasks) {
                if (task instanceof Store s) {
                    stores.add(s);
                } else if (task instanceof Take t) {
                    flush();
                    take(t);
                } else {
                    stop = true;
                }
            }
            flush();
            return stop;
        }

        private void take(Take t) {
            try {
                List<StoredMessage> taken = repository.takeAll(t.owner);
                takes.incrementAndGet();
                queuedTake(t.owner, -1);
                t.done.complete(taken);
            } catch (RuntimeException e) {
                queuedTake(t.owner, -1);
                t.done.completeExceptionally(e);
            }
        }

        /** Commits the stores gathered so far in one transaction, then completes their futures. */
        private void flush() {
            if (stores.isEmpty()) {
                return;
            }
            List<NewMessage> messages = new ArrayList<>(stores.size());
            for (Store s : stores) {
                messages.add(s.message);
            }
            boolean[] ok;
            try {
                ok = repository.insertBatch(messages, quota);
            } catch (RuntimeException e) {
                LOG.error("storing {} offline messages failed; their senders get internal-server-error",
                        messages.size(), e);
                failed.addAndGet(stores.size());
                for (Store s : stores) {
                    s.done.completeExceptionally(e);
                }
                stores.clear();
                return;
            }
            transactions.incrementAndGet();
            Set<Jid> owners = new LinkedHashSet<>();
            for (int i = 0; i < ok.length; i++) {
                Store s = stores.get(i);
                if (ok[i]) {
                    stored.incrementAndGet();
                    owners.add(s.message.owner());
                } else {
                    refused.incrementAndGet();
                }
            }
            List<Store> done = new ArrayList<>(stores);
            stores.clear();
            // Redelivery first: a sender's next stanza to a member who is logging in waits for this completion (the
            // router's order), so it must not reach the member's session before these.
            for (Jid owner : owners) {
                redeliverIfReceiver(owner);
            }
            for (int i = 0; i < ok.length; i++) {
                done.get(i).done.complete(ok[i]);
            }
        }

        /**
         * The member became available while its messages were being committed: hand them over now, in lane order —
         * unless a take of the member is still queued on this lane (behind these messages, as the lane is FIFO): that
         * take returns them ahead of anything delivered live meanwhile, which a redelivery now would not. Read,
         * handed over, then deleted: whatever fails on the way, nothing is lost (see the class comment).
         */
        private void redeliverIfReceiver(Jid owner) {
            List<StoredMessage> kept;
            try {
                if (queuedTakes.containsKey(owner) || !afterCommit.receiverFor(owner)) {
                    return;
                }
                kept = repository.peekAll(owner);
            } catch (RuntimeException e) {
                LOG.error("reading just-stored offline messages for an available member failed; they stay stored "
                        + "for the next login", e);
                return;
            }
            if (kept.isEmpty()) {
                return;
            }
            int handed;
            try {
                handed = Math.min(afterCommit.redeliver(owner, kept), kept.size());
            } catch (RuntimeException e) {
                LOG.error("redelivering {} offline messages failed; they stay stored for the next login (some may "
                        + "come twice)", kept.size(), e);
                return;
            }
            if (handed <= 0) {
                return;
            }
            redelivered.addAndGet(handed);
            List<Long> ids = new ArrayList<>(handed);
            for (StoredMessage m : kept.subList(0, handed)) {
                ids.add(m.id());
            }
            try {
                repository.delete(owner, ids);
            } catch (RuntimeException e) {
                LOG.error("deleting {} redelivered offline messages failed; they will come again at the next login",
                        handed, e);
            }
        }

        private void failQueued() {
            List<Task> left = new ArrayList<>();
            queue.drainTo(left);
            fail(left, new ExecutorOverloadedException(thread.getName(), true));
        }

        /** Fails what was not answered (futures already completed stay as they are). */
        private void fail(List<Task> tasks, RuntimeException e) {
            for (Task task : tasks) {
                if (task instanceof Store s) {
                    s.done.completeExceptionally(e);
                } else if (task instanceof Take t && !t.done.isDone()) {
                    queuedTake(t.owner, -1);
                    t.done.completeExceptionally(e);
                }
            }
            tasks.clear();
        }
    }
}
