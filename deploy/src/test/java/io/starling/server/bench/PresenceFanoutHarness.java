package io.starling.server.bench;

import io.netty.channel.EventLoopGroup;
import io.starling.core.xml.XmlElement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load side of the presence fan-out benchmark (docs/BENCHMARKS.md), not server code. A hub member with
 * {@code N} online contacts (mutual {@code both} subscriptions, written by {@link BenchRosters} beforehand) logs in
 * and changes status while a separate member pings the server:
 * <ol>
 *   <li>the contacts {@code c1..cN} log in and send initial presence;</li>
 *   <li>{@code ping1} starts an XEP-0199 ping to the server every {@code PING_US} on its own client event loop
 *       ({@link BenchPinger});</li>
 *   <li>a cold login of {@code hub1} (its roster is read from the database first), then 200 status changes and
 *       5 logins, untimed, to warm up; then five seconds of quiet give the idle round trip;</li>
 *   <li>{@code LOGINS} times: {@code hub1} binds and sends initial presence; timed until every contact has it, and
 *       until the hub has all N probe answers; then it closes its stream, timed until every contact has its
 *       unavailable presence;</li>
 *   <li>the hub logs in once more and toggles {@code away} / online {@code 2 × CHANGES} times, each timed until
 *       every contact has it, with a 50 ms pause between changes.</li>
 * </ol>
 * Pings whose flight overlaps a timed fan-out are reported apart from those of the quiet periods, and with the
 * server's GC pauses (its GC log, {@code -Dbench.gclog}) taken out. CPU comes from {@code /proc}: the server's threads,
 * and the whole machine against the benchmark's own processes (to see interference and hypervisor steal).
 *
 * <p>Usage: {@code PresenceFanoutHarness PORT SERVER_PID [N] [LOGINS] [CHANGES] [PING_US] [ROSTER]}; accounts
 * {@code hub1}, {@code c1..cN} and {@code ping1} with password {@code benchpw}. With {@code ROSTER} above {@code N}
 * the hub's roster lists {@code c1..cROSTER} but only {@code c1..cN} connect: the rest are offline contacts.
 */
public final class PresenceFanoutHarness {
    private static final String PASSWORD = "benchpw";
    private static final int WARMUP_CHANGES = 200;
    private static final int WARMUP_LOGINS = 5;
    private static final long WAIT_S = 60;

    /** Contacts online (they connect); the hub's roster may list more ({@link #rosterSize}). */
    private final int n;
    private final int rosterSize;
    private final String hubPrefix = "hub1@localhost/";
    /** The fan-out being timed; contacts mark their arrival in it. Written by main, read on the client loop. */
    private volatile Epoch current;
    private volatile Probes probes;
    private final AtomicInteger selfEchoes = new AtomicInteger();
    /** Phase marks for locating slow pings: nanoTime and label, in time order. Main thread only. */
    private final List<Long> markTimes = new ArrayList<>();
    private final List<String> markLabels = new ArrayList<>();

    private void mark(String label) {
        markTimes.add(System.nanoTime());
        markLabels.add(label);
    }

    private PresenceFanoutHarness(int n, int rosterSize) {
        this.n = n;
        this.rosterSize = rosterSize;
    }

    /** One broadcast from the hub: the arrival time at each contact. */
    private static final class Epoch {
        final String type;
        final String status;
        final long[] arrivals;
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long t0;

        Epoch(String type, String status, int n) {
            this.type = type;
            this.status = status;
            this.arrivals = new long[n];
        }

        boolean matches(String presenceType, String presenceStatus) {
            return java.util.Objects.equals(type, presenceType)
                    && (status == null || status.equals(presenceStatus));
        }

        void arrive(int index, long now) {
            if (arrivals[index] == 0) {
                arrivals[index] = now;
                if (count.incrementAndGet() == arrivals.length) {
                    done.countDown();
                }
            }
        }

        long last() {
            long max = 0;
            for (long a : arrivals) {
                max = Math.max(max, a);
            }
            return max - t0;
        }

        long median() {
            long[] s = arrivals.clone();
            Arrays.sort(s);
            return s[s.length / 2] - t0;
        }
    }

    /** Probe answers arriving at the hub. */
    private static final class Probes {
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        final int expected;
        volatile long last;

        Probes(int expected) {
            this.expected = expected;
        }

        void arrive(long now) {
            if (count.incrementAndGet() == expected) {
                last = now;
                done.countDown();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int logins = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int changes = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        long pingMicros = args.length > 5 ? Long.parseLong(args[5]) : 2000;
        int rosterSize = args.length > 6 ? Integer.parseInt(args[6]) : n;
        new PresenceFanoutHarness(n, rosterSize).run(port, serverPid, logins, changes, pingMicros);
    }

    private void contactStanza(BenchXmppClient.Conn c, XmlElement e, long now) {
        if (!"presence".equals(e.name())) {
            return;
        }
        String from = e.attribute("from");
        if (from == null) {
            return;
        }
        if (from.equals(c.fullJid)) {
            selfEchoes.incrementAndGet();
        } else if (from.startsWith(hubPrefix)) {
            Epoch ep = current;
            if (ep != null && ep.matches(e.attribute("type"), status(e))) {
                ep.arrive(c.index, now);
            }
        }
    }

    private void hubStanza(BenchXmppClient.Conn c, XmlElement e, long now) {
        if ("presence".equals(e.name()) && e.attribute("type") == null) {
            String from = e.attribute("from");
            Probes p = probes;
            if (p != null && from != null && from.startsWith("c")) {
                p.arrive(now);
            }
        }
    }

    private static String status(XmlElement presence) {
        XmlElement s = presence.element("status");
        return s == null ? null : s.text();
    }

    private void run(int port, long serverPid, int logins, int changes, long pingMicros) throws Exception {
        EventLoopGroup load = BenchXmppClient.newLoop();
        EventLoopGroup pingLoop = BenchXmppClient.newLoop();
        BenchXmppClient client = new BenchXmppClient(port, PASSWORD);
        List<long[]> busy = new ArrayList<>();
        try {
            long runStart = System.nanoTime();
            mark("contacts connect");
            List<BenchXmppClient.Conn> contacts = client.connectAll(load, n, i -> "c" + (i + 1), "r", 500, 200,
                    this::contactStanza);
            for (BenchXmppClient.Conn c : contacts) {
                c.send("<presence/>");
            }
            waitFor(() -> selfEchoes.get() >= n, "contacts' initial presence");
            System.out.printf("contacts online: %d in %.1fs%n", n, (System.nanoTime() - runStart) / 1e9);
            BenchPinger pinger = BenchPinger.start(client, pingLoop, "ping1", pingMicros);

            // Cold login: the hub's first session binds, so its roster (N rows) is read from PostgreSQL on its
            // stripe before its initial presence is handled. Then untimed logins and changes warm up the JIT.
            mark("hub connect (cold)");
            BenchXmppClient.Conn hub = client.connect(load, 0, "hub1", "r", this::hubStanza)
                    .get(WAIT_S, TimeUnit.SECONDS);
            Epoch cold = broadcast(hub, new Epoch(null, "cold", n), "<presence><status>cold</status></presence>",
                    true);
            long coldProbes = probes.last - cold.t0;
            System.out.printf("cold login: all %d contacts after %.2fms (median %.2fms), %d probe answers after "
                    + "%.2fms%n", n, ms(cold.last()), ms(cold.median()), n, ms(coldProbes));
            for (int j = 0; j < WARMUP_CHANGES; j++) {
                broadcast(hub, new Epoch(null, "warm-" + j, n), "<presence><status>warm-" + j
                        + "</status></presence>", false);
            }
            logout(hub);
            for (int k = 0; k < WARMUP_LOGINS; k++) {
                hub = login(client, load, "warm-login-" + k);
                logout(hub);
            }
            Thread.sleep(1000);

            mark("idle");
            ThreadCpu.Phase idlePhase = new ThreadCpu.Phase(serverPid);
            long idleStart = System.nanoTime();
            Thread.sleep(5000);
            long idleEnd = System.nanoTime();
            idlePhase.end();
            System.out.println("idle with pings: server " + idlePhase.serverThreads() + "; "
                    + idlePhase.machineLine());

            // (a) logins and logouts
            BenchStats.LongList loginAll = new BenchStats.LongList();
            BenchStats.LongList loginMedian = new BenchStats.LongList();
            BenchStats.LongList probeAll = new BenchStats.LongList();
            BenchStats.LongList logoutAll = new BenchStats.LongList();
            ThreadCpu.Phase loginPhase = new ThreadCpu.Phase(serverPid);
            for (int k = 0; k < logins; k++) {
                hub = login(client, load, "login-" + k);
                Epoch ep = current;
                busy.add(new long[] {ep.t0, Math.max(ep.t0 + ep.last(), probes.last)});
                loginAll.add(ep.last());
                loginMedian.add(ep.median());
                probeAll.add(probes.last - ep.t0);
                System.out.printf("login %d: all %d contacts after %.2fms (median %.2fms), %d probe answers after "
                        + "%.2fms%n", k + 1, n, ms(ep.last()), ms(ep.median()), n, ms(probes.last - ep.t0));
                Thread.sleep(300);
                Epoch out = logout(hub);
                busy.add(new long[] {out.t0, out.t0 + out.last()});
                logoutAll.add(out.last());
                System.out.printf("logout %d: all %d contacts after %.2fms%n", k + 1, n, ms(out.last()));
                Thread.sleep(300);
            }
            loginPhase.end();

            // (b) status changes
            hub = login(client, load, "online");
            Thread.sleep(300);
            BenchStats.LongList changeAll = new BenchStats.LongList();
            BenchStats.LongList changeMedian = new BenchStats.LongList();
            ThreadCpu.Phase changePhase = new ThreadCpu.Phase(serverPid);
            for (int j = 0; j < 2 * changes; j++) {
                String status = "chg-" + j;
                String xml = j % 2 == 0 ? "<presence><show>away</show><status>" + status + "</status></presence>"
                        : "<presence><status>" + status + "</status></presence>";
                Epoch ep = broadcast(hub, new Epoch(null, status, n), xml, false);
                busy.add(new long[] {ep.t0, ep.t0 + ep.last()});
                changeAll.add(ep.last());
                changeMedian.add(ep.median());
                Thread.sleep(50);
            }
            changePhase.end();
            mark("idle (end)");
            long idle2Start = System.nanoTime();
            Thread.sleep(3000);
            long idle2End = System.nanoTime();
            BenchPinger.Samples pings = pinger.stop(500);
            List<long[]> gc = GcPauses.read(System.getProperty("bench.gclog"));

            System.out.println();
            System.out.println("RESULT fan-out to " + n + " online contacts" + (rosterSize > n ? " (roster of "
                    + rosterSize + ", the rest offline)" : "") + " (from the hub's stanza leaving the client to its "
                    + "arrival)");
            System.out.printf("  cold login (roster read from the database): all contacts %.2fms, median contact "
                    + "%.2fms, all probe answers %.2fms%n", ms(cold.last()), ms(cold.median()), ms(coldProbes));
            System.out.println("  login, all contacts have it:      " + BenchStats.summarize(loginAll.toArray()));
            System.out.println("  login, median contact:            " + BenchStats.summarize(loginMedian.toArray()));
            System.out.println("  login, hub has all probe answers: " + BenchStats.summarize(probeAll.toArray()));
            System.out.println("  logout, all contacts have it:     " + BenchStats.summarize(logoutAll.toArray()));
            System.out.println("  status change, all contacts:      " + BenchStats.summarize(changeAll.toArray()));
            System.out.println("  status change, median contact:   " + BenchStats.summarize(changeMedian.toArray()));
            System.out.println("RESULT ping round trip (every " + pingMicros + "us)");
            System.out.println("  idle (before):              " + BenchStats.summarize(
                    pings.within(List.of(new long[] {idleStart, idleEnd}))));
            System.out.println("  idle (after):               " + BenchStats.summarize(
                    pings.within(List.of(new long[] {idle2Start, idle2End}))));
            System.out.println("  overlapping a fan-out:      " + BenchStats.summarize(pings.overlapping(busy)));
            System.out.println("  same, without server GC:    " + BenchStats.summarize(pings.overlapping(busy, gc)));
            System.out.println("  server GC during the timed fan-outs: " + GcPauses.during(gc, busy.get(0)[0],
                    busy.get(busy.size() - 1)[1]) + "; during the whole run: " + GcPauses.during(gc, runStart,
                    System.nanoTime()));
            System.out.println("  whole run:                  " + BenchStats.summarize(
                    Arrays.stream(pings.rttNanos()).filter(r -> r >= 0).toArray()) + " unanswered="
                    + pings.unanswered());
            System.out.print("  slowest pings:\n" + pings.slowest(8, markTimes, markLabels, gc));
            System.out.println("RESULT cpu (% of one core)");
            System.out.println("  idle with pings:      server " + idlePhase.serverThreads());
            System.out.println("                        " + idlePhase.machineLine());
            System.out.println("  login/logout phase:   server " + loginPhase.serverThreads());
            System.out.println("                        " + loginPhase.machineLine());
            System.out.println("  status-change phase:  server " + changePhase.serverThreads());
            System.out.println("                        " + changePhase.machineLine());
            double idleRate = idlePhase.serverMillis() / (idlePhase.wallNanos() / 1e6);
            double perChange = (changePhase.serverMillis() - idleRate * changePhase.wallNanos() / 1e6)
                    / (2.0 * changes);
            System.out.printf("  server CPU per status change (idle rate taken out): %.2f ms = %.1f us per "
                    + "delivered stanza%n", perChange, 1000 * perChange / n);
            double idleTreeRate = idlePhase.serverTreeMillis() / (idlePhase.wallNanos() / 1e6);
            double perChangeTree = (changePhase.serverTreeMillis() - idleTreeRate * changePhase.wallNanos() / 1e6)
                    / (2.0 * changes);
            System.out.printf("  server+postgres CPU per status change (idle rate taken out): %.2f ms%n",
                    perChangeTree);
            hub.closeStream();
            for (BenchXmppClient.Conn c : contacts) {
                c.closeStream();
            }
            Thread.sleep(1000);
        } finally {
            load.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            pingLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** Connects the hub and sends initial presence with {@code status}; {@link #current} is the login's epoch. */
    private BenchXmppClient.Conn login(BenchXmppClient client, EventLoopGroup load, String status) throws Exception {
        mark("hub connect");
        BenchXmppClient.Conn hub = client.connect(load, 0, "hub1", "r", this::hubStanza)
                .get(WAIT_S, TimeUnit.SECONDS);
        broadcast(hub, new Epoch(null, status, n), "<presence><status>" + status + "</status></presence>", true);
        return hub;
    }

    /** Closes the hub's stream and waits until every contact has its unavailable presence and it is gone. */
    private Epoch logout(BenchXmppClient.Conn hub) throws Exception {
        Epoch out = broadcast(hub, new Epoch("unavailable", null, n), "</stream:stream>", false);
        hub.channel.closeFuture().await(10, TimeUnit.SECONDS);
        return out;
    }

    /**
     * Sends {@code xml} from the hub's event loop, stamping the epoch's start just before the write, and waits until
     * every contact has the matching presence (and, for a login, the hub every probe answer).
     */
    private Epoch broadcast(BenchXmppClient.Conn hub, Epoch ep, String xml, boolean login) throws Exception {
        probes = login ? new Probes(n) : null;
        current = ep;
        String label = ep.status != null ? ep.status : ep.type;
        mark(label);
        hub.channel.eventLoop().submit(() -> {
            ep.t0 = System.nanoTime();
            hub.send(xml);
        }).get();
        if (!ep.done.await(WAIT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + ep.count.get() + " of " + n + " contacts got " + xml);
        }
        if (login && !probes.done.await(WAIT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hub got only " + probes.count.get() + " probe answers");
        }
        mark("done " + label);
        return ep;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
