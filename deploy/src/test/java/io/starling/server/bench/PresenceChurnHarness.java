package io.starling.server.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.starling.core.xml.XmlElement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load side of the presence churn benchmark (docs/BENCHMARKS.md), not server code. Members {@code m1..mN}, each with
 * {@code K} contacts on a ring (mutual {@code both}, written by {@link BenchRosters}), log in and send initial
 * presence; then, for each rate R in turn, members toggle {@code <show/>} between {@code away} and {@code dnd} at a
 * total of R changes per second (members in a fixed shuffled order), for a warm-up and a measured period. Each change
 * carries its send time in {@code <status/>}, so every contact's copy gives a latency from send to receipt.
 *
 * <p>For each rate: changes sent per second, presence stanzas delivered to contacts per second (the member's own
 * copy excluded), send-to-receipt latency of the changes sent in the measured period, how long the backlog took to
 * drain after sending stopped, stanza errors received (e.g. {@code resource-constraint} from a full stripe), ping
 * round trips of a separate member ({@link BenchPinger}) and server CPU by thread. The ladder stops once the server
 * is saturated (delivered below 95% of offered, or a median latency above 100 ms): past that point every queue on
 * the way grows for as long as the run lasts.
 *
 * <p>Usage: {@code PresenceChurnHarness PORT SERVER_PID N K RATES SECONDS [PING_US]}, RATES comma-separated;
 * accounts {@code m1..mN} and {@code ping1} with password {@code benchpw}.
 */
public final class PresenceChurnHarness {
    private static final String PASSWORD = "benchpw";
    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final int n;
    private final int k;
    /** Measured window of the current rate, by send time; read on the client loop. */
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MIN_VALUE;
    /** Confined to the load event loop. */
    private final BenchStats.LongList latencies = new BenchStats.LongList();
    private long deliveredInWindow;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicInteger echoes = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private volatile String lastError;

    private PresenceChurnHarness(int n, int k) {
        this.n = n;
        this.k = k;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        List<Integer> rates = new ArrayList<>();
        for (String r : args[4].split(",")) {
            rates.add(Integer.parseInt(r.strip()));
        }
        int seconds = Integer.parseInt(args[5]);
        long pingMicros = args.length > 6 ? Long.parseLong(args[6]) : 2000;
        new PresenceChurnHarness(n, k).run(port, serverPid, rates, seconds, pingMicros);
    }

    private void stanza(BenchXmppClient.Conn c, XmlElement e, long now) {
        if (!"presence".equals(e.name())) {
            return;
        }
        String type = e.attribute("type");
        if ("error".equals(type)) {
            errors.incrementAndGet();
            lastError = e.toString();
            return;
        }
        String from = e.attribute("from");
        if (from == null || type != null) {
            return;
        }
        if (from.equals(c.fullJid)) {
            echoes.incrementAndGet();
            return;
        }
        delivered.incrementAndGet();
        XmlElement status = e.element("status");
        if (status == null) {
            return;
        }
        String text = status.text();
        int space = text.indexOf(' ');
        if (space < 0) {
            return;
        }
        long sent = Long.parseLong(text, space + 1, text.length(), 10);
        if (now >= windowStart && now <= windowEnd) {
            deliveredInWindow++;
        }
        if (sent >= windowStart && sent <= windowEnd) {
            latencies.add(now - sent);
        }
    }

    private void run(int port, long serverPid, List<Integer> rates, int seconds, long pingMicros) throws Exception {
        EventLoopGroup load = BenchXmppClient.newLoop();
        EventLoopGroup pingLoop = BenchXmppClient.newLoop();
        BenchXmppClient client = new BenchXmppClient(port, PASSWORD);
        try {
            long t = System.nanoTime();
            List<BenchXmppClient.Conn> members = client.connectAll(load, n, i -> "m" + (i + 1), "r", 500, 200,
                    this::stanza);
            for (BenchXmppClient.Conn c : members) {
                c.send("<presence/>");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long seen = -1;
            while (echoes.get() < n || delivered.get() != seen) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("initial presence: echoes=" + echoes + " delivered=" + delivered);
                }
                seen = delivered.get();
                Thread.sleep(500);
            }
            System.out.printf("members online: %d with %d contacts each in %.1fs%n", n, k,
                    (System.nanoTime() - t) / 1e9);
            BenchPinger pinger = BenchPinger.start(client, pingLoop, "ping1", pingMicros);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new java.util.Random(42));
            int[] seq = new int[1];
            boolean[] away = new boolean[n];
            EventLoop loop = members.get(0).channel.eventLoop();
            List<String> table = new ArrayList<>();
            List<long[]> windows = new ArrayList<>();

            for (int rate : rates) {
                long sentBefore = seq[0];
                long deliveredBefore = delivered.get();
                int errorsBefore = errors.get();
                long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
                long measureStart = start + WARMUP_NANOS;
                long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(seconds);
                long[] sentAtMeasureStart = {-1};
                long[] sentAtMeasureEnd = {-1};
                loop.submit(() -> {
                    latencies.clear();
                    deliveredInWindow = 0;
                }).get();
                windowStart = measureStart;
                windowEnd = measureEnd;
                windows.add(new long[] {measureStart, measureEnd});
                long sentBase = seq[0];
                ScheduledFuture<?> pacer = loop.scheduleAtFixedRate(() -> {
                    long now = System.nanoTime();
                    if (now < start) {
                        return;
                    }
                    if (now >= measureStart && sentAtMeasureStart[0] < 0) {
                        sentAtMeasureStart[0] = seq[0];
                    }
                    if (now >= measureEnd) {
                        if (sentAtMeasureEnd[0] < 0) {
                            sentAtMeasureEnd[0] = seq[0];
                        }
                        return;
                    }
                    long due = sentBase + (now - start) * rate / 1_000_000_000L;
                    while (seq[0] < due) {
                        int m = order.get(seq[0] % n);
                        away[m] = !away[m];
                        members.get(m).send("<presence><show>" + (away[m] ? "away" : "dnd") + "</show><status>s"
                                + seq[0] + " " + System.nanoTime() + "</status></presence>");
                        seq[0]++;
                    }
                }, 0, 1, TimeUnit.MILLISECONDS);
                while (System.nanoTime() < measureStart) {
                    Thread.sleep(1);
                }
                ThreadCpu.Phase phase = new ThreadCpu.Phase(serverPid);
                Map<String, Double> client0 = ThreadCpu.snapshot(ProcessHandle.current().pid());
                while (System.nanoTime() < measureEnd) {
                    Thread.sleep(1);
                }
                phase.end();
                Map<String, Double> client1 = ThreadCpu.snapshot(ProcessHandle.current().pid());
                Thread.sleep(5);
                pacer.cancel(false);
                // Drain: wait until deliveries stop for a second (bounded).
                long drainStart = System.nanoTime();
                long lastCount = -1;
                long lastChange = System.nanoTime();
                while (System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(1)
                        && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(60)) {
                    long c = delivered.get();
                    if (c != lastCount) {
                        lastCount = c;
                        lastChange = System.nanoTime();
                    }
                    Thread.sleep(10);
                }
                double drainS = (lastChange - drainStart) / 1e9;
                long[] lat = loop.submit(latencies::toArray).get();
                long inWindow = loop.submit(() -> deliveredInWindow).get();
                long sentTotal = seq[0] - sentBefore;
                long sentMeasured = sentAtMeasureEnd[0] - sentAtMeasureStart[0];
                long deliveredTotal = delivered.get() - deliveredBefore;
                double offered = (double) sentMeasured / seconds;
                double deliveredRate = (double) inWindow / seconds;
                BenchStats.Summary s = BenchStats.summarize(lat);
                int errs = errors.get() - errorsBefore;
                String cpu = phase.serverThreads();
                String clientCpu = ThreadCpu.usage(client0, client1, phase.wallNanos());
                String line = String.format("rate=%d changes/s sent=%.0f/s delivered=%.0f/s (expected %.0f/s) "
                        + "latency %s lost=%d drain=%.1fs errors=%d", rate, offered, deliveredRate, offered * k,
                        s, sentTotal * k - deliveredTotal, drainS, errs);
                System.out.println(line);
                System.out.println("    server cpu: " + cpu);
                System.out.println("    harness cpu: " + clientCpu);
                System.out.println("    " + phase.machineLine());
                if (errs > 0) {
                    System.out.println("    last error: " + lastError);
                }
                table.add(line + "\n      server " + cpu + "\n      " + phase.machineLine());
                if (deliveredRate < 0.95 * offered * k || s.p50Ms() > 100) {
                    System.out.println("saturated; stopping the ladder");
                    break;
                }
                Thread.sleep(1000);
            }
            BenchPinger.Samples pings = pinger.stop(500);
            List<long[]> gc = GcPauses.read(System.getProperty("bench.gclog"));
            System.out.println();
            System.out.println("RESULT churn: " + n + " members, " + k + " contacts each, " + seconds
                    + "s measured per rate after a 2s warm-up");
            for (String line : table) {
                System.out.println("  " + line);
            }
            System.out.println("RESULT ping round trip during the measured periods: "
                    + BenchStats.summarize(pings.within(windows)) + " unanswered=" + pings.unanswered());
            for (int i = 0; i < windows.size(); i++) {
                System.out.println("  rate " + rates.get(i) + ": "
                        + BenchStats.summarize(pings.within(List.of(windows.get(i)))) + "; without pings hit by GC: "
                        + BenchStats.summarize(pings.overlapping(List.of(windows.get(i)), gc)) + "; server "
                        + GcPauses.during(gc, windows.get(i)[0], windows.get(i)[1]));
            }
            for (BenchXmppClient.Conn c : members) {
                c.closeStream();
            }
            Thread.sleep(1000);
        } finally {
            load.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            pingLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }
}
