package io.starling.server.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.starling.core.xml.XmlElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load side of the offline-storage benchmark (docs/BENCHMARKS.md), not server code.
 *
 * <p><b>Store.</b> Senders {@code os1..osS} send chat messages round-robin to members {@code or1..orR} who never log
 * in, so every message goes to offline storage: for each rate R of a ladder, R messages per second in total for a
 * warm-up and a measured period. Committed messages are counted in PostgreSQL (only committed rows are
 * visible), WAL flushes from {@code pg_stat_wal}. Per rate: messages
 * committed per second in the measured period, how long the last ones took to commit after sending stopped, stanza
 * errors the senders got (e.g. {@code resource-constraint} from a full lane), WAL flushes per message (group commit:
 * one flush covers a whole batch), and server + PostgreSQL CPU per message. The table is emptied between rates.
 *
 * <p><b>Flush.</b> Members {@code of1..ofK} get N messages each; then each logs in alone (bind, then initial presence)
 * and the harness times initial presence → the N-th stored message received; then all K again at once. Messages are
 * checked to arrive complete and in order.
 *
 * <p>Usage: {@code OfflineStoreHarness PORT SERVER_PID DATA_DIR SENDERS RECIPIENTS RATES SECONDS FLUSH_N FLUSH_K};
 * RATES comma-separated; accounts with password {@code benchpw}; the server's embedded PostgreSQL in
 * {@code DATA_DIR/postgres}.
 */
public final class OfflineStoreHarness {
    private static final String PASSWORD = "benchpw";
    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int JIT_WARMUP_SECONDS = 15;
    private static final String PADDING = "x".repeat(80);

    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final Connection db;

    private OfflineStoreHarness(Connection db) {
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        Path dataDir = Path.of(args[2]);
        int senders = Integer.parseInt(args[3]);
        int recipients = Integer.parseInt(args[4]);
        List<Integer> rates = new ArrayList<>();
        for (String r : args[5].split(",")) {
            rates.add(Integer.parseInt(r.strip()));
        }
        int seconds = Integer.parseInt(args[6]);
        int flushN = Integer.parseInt(args[7]);
        int flushK = Integer.parseInt(args[8]);
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        int pgPort = Integer.parseInt(pid.get(3).strip());
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "postgres", null)) {
            new OfflineStoreHarness(db).run(port, serverPid, senders, recipients, rates, seconds, flushN, flushK);
        }
    }

    private void senderStanza(BenchXmppClient.Conn c, XmlElement e, long now) {
        if ("error".equals(e.attribute("type"))) {
            XmlElement error = e.element("error");
            String condition = error == null || error.elements().isEmpty() ? "?" : error.elements().get(0).name();
            errors.computeIfAbsent(condition, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void run(int port, long serverPid, int senderCount, int recipients, List<Integer> rates, int seconds,
                     int flushN, int flushK) throws Exception {
        EventLoopGroup load = BenchXmppClient.newLoop();
        BenchXmppClient client = new BenchXmppClient(port, PASSWORD);
        try {
            List<BenchXmppClient.Conn> senders = client.connectAll(load, senderCount, i -> "os" + (i + 1), "s", 500,
                    100, this::senderStanza);
            System.out.printf("senders: %d connected; recipients: %d offline members%n", senderCount, recipients);
            // Untimed: let the JIT compile the store path before anything is measured.
            storeStep(senders, serverPid, recipients, rates.get(0), JIT_WARMUP_SECONDS, false);
            System.out.println("| offered msg/s | committed msg/s | last commit after sending stopped | errors"
                    + " | WAL flushes per 1,000 msgs | server+PostgreSQL CPU per msg | server threads |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int rate : rates) {
                storeStep(senders, serverPid, recipients, rate, seconds, true);
            }
            execute("TRUNCATE offline_messages");
            flush(client, load, senders, flushN, flushK);
        } finally {
            load.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    // ---- store ---------------------------------------------------------------------------------------------------

    private void storeStep(List<BenchXmppClient.Conn> senders, long serverPid, int recipients, int rate, int seconds,
                           boolean report) throws Exception {
        execute("TRUNCATE offline_messages");
        errors.clear();
        long[] seq = {0};
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long measureStart = start + WARMUP_NANOS;
        long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(seconds);
        EventLoop loop = senders.get(0).channel.eventLoop();
        ScheduledFuture<?> pacer = loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now < start) {
                return;
            }
            long due = (Math.min(now, measureEnd) - start) * rate / 1_000_000_000L;
            while (seq[0] < due) {
                long n = seq[0]++;
                senders.get((int) (n % senders.size())).send("<message type='chat' id='b" + n + "' to='or"
                        + (n % recipients + 1) + "@localhost'><body>offline benchmark " + n + ' ' + PADDING
                        + "</body></message>");
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        sleepUntil(measureStart);
        long committedAtStart = count();
        long[] wal0 = walFlushes();
        ThreadCpu.Phase phase = new ThreadCpu.Phase(serverPid);
        sleepUntil(measureEnd);
        long committedAtEnd = count();
        phase.end();
        long[] wal1 = walFlushes();
        pacer.cancel(false);
        long sent = loop.submit(() -> seq[0]).get();
        // Wait for the rest: everything sent is either committed or answered with an error.
        long drainStart = System.nanoTime();
        long committed = committedAtEnd;
        while (committed + errorCount() < sent && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(120)) {
            Thread.sleep(20);
            committed = count();
        }
        double drainMs = (System.nanoTime() - drainStart) / 1e6;
        if (!report) {
            return;
        }
        long inWindow = committedAtEnd - committedAtStart;
        double perSecond = inWindow * 1e9 / phase.wallNanos();
        String wal = wal0 == null ? "n/a" : String.format("%.0f", 1000.0 * (wal1[0] - wal0[0]) / Math.max(1, inWindow));
        System.out.printf("| %,d | %,.0f | %.0f ms | %s | %s | %.1f µs | %s |%n", rate, perSecond, drainMs,
                errors.isEmpty() ? "0" : errors.toString(), wal, 1000.0 * phase.serverTreeMillis() / Math.max(1,
                        inWindow), phase.serverThreads());
        System.out.printf("  sent %,d, committed %,d, errors %d; %s%n", sent, committed, errorCount(),
                phase.machineLine());
    }

    private int errorCount() {
        int n = 0;
        for (AtomicInteger c : errors.values()) {
            n += c.get();
        }
        return n;
    }

    // ---- flush ---------------------------------------------------------------------------------------------------

    private void flush(BenchXmppClient client, EventLoopGroup load, List<BenchXmppClient.Conn> senders, int n, int k)
            throws Exception {
        fill(senders, n, k);
        List<Long> alone = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            alone.add(login(client, load, List.of(i), n));
        }
        alone.sort(null);
        System.out.printf("flush: %d members logging in one at a time, %,d stored messages each: initial presence ->"
                + " last stored message p50 %.1f ms, max %.1f ms (%,.0f msgs/s at the median)%n", k, n,
                alone.get(k / 2) / 1e6, alone.get(k - 1) / 1e6, n * 1e9 / alone.get(k / 2));
        fill(senders, n, k);
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            all.add(i);
        }
        long together = login(client, load, all, n);
        System.out.printf("flush: %d members logging in at once, %,d stored messages each: all %,d delivered in"
                + " %.1f ms (%,.0f msgs/s)%n", k, n, k * n, together / 1e6, (double) k * n * 1e9 / together);
    }

    /**
     * Sends {@code n} messages to each of {@code of1..ofK}, all of a member's from one sender (so their order is
     * defined), and waits until all are stored.
     */
    private void fill(List<BenchXmppClient.Conn> senders, int n, int k) throws Exception {
        execute("TRUNCATE offline_messages");
        for (int m = 1; m <= k; m++) {
            BenchXmppClient.Conn sender = senders.get((m - 1) % senders.size());
            for (int i = 0; i < n; i++) {
                sender.send("<message type='chat' to='of" + m + "@localhost'><body>" + i + ' ' + PADDING
                        + "</body></message>");
            }
            Thread.sleep(20); // a gentle pace: this is setup, not the measurement
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count() < (long) n * k) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("flush setup: only " + count() + " of " + n * k + " stored");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Binds {@code of<i>} for each i, then sends initial presence on all at once and returns the nanoseconds until
     * every one of them has received its {@code n} stored messages, in order.
     */
    private long login(BenchXmppClient client, EventLoopGroup load, List<Integer> members, int n) throws Exception {
        CountDownLatch done = new CountDownLatch(members.size());
        AtomicLong lastArrival = new AtomicLong();
        List<BenchXmppClient.Conn> conns = new ArrayList<>();
        for (int m : members) {
            int[] expected = {0};
            conns.add(client.connect(load, m, "of" + m, "flush", (c, e, now) -> {
                if (!"message".equals(e.name())) {
                    return;
                }
                String body = e.element("body").text();
                int seq = Integer.parseInt(body.substring(0, body.indexOf(' ')));
                if (seq != expected[0]) {
                    throw new IllegalStateException(c.user + ": expected message " + expected[0] + ", got " + seq);
                }
                if (++expected[0] == n) {
                    lastArrival.accumulateAndGet(now, Math::max);
                    done.countDown();
                }
            }).get(30, TimeUnit.SECONDS));
        }
        long start = System.nanoTime();
        for (BenchXmppClient.Conn c : conns) {
            c.send("<presence/>");
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("flush did not complete");
        }
        long took = lastArrival.get() - start;
        for (BenchXmppClient.Conn c : conns) {
            c.closeStream();
        }
        Thread.sleep(200);
        return took;
    }

    // ---- PostgreSQL ----------------------------------------------------------------------------------------------

    private long count() throws SQLException {
        return queryLong("SELECT count(*) FROM offline_messages");
    }

    /** {@code wal_sync} (flushes to disk) and {@code wal_write} so far, or null before PostgreSQL 14. */
    private long[] walFlushes() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT wal_sync, wal_write FROM pg_stat_wal")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            return null;
        }
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        while (System.nanoTime() < nanos) {
            Thread.sleep(1);
        }
    }
}
