package io.starling.server.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.starling.core.xml.XmlElement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Load side of the chat benchmark (docs/BENCHMARKS.md, "Chat between online members with stream management"), not
 * server code.
 *
 * <p>Members {@code cm1..cm2P} are online (bound, initial presence sent) and paired: {@code cm1}↔{@code cm2},
 * {@code cm3}↔{@code cm4}, … Each member sends chat messages to its partner's bare JID, so for a total rate R every
 * member sends R / 2P messages per second, round-robin from one pacer on the load event loop. The body carries the
 * sender's {@link System#nanoTime()}; latency runs from the sender's write to the recipient's decode. Each rate of the
 * ladder gets a warm-up and a measured period; then the harness waits (bounded) until every message sent has arrived.
 *
 * <p>With stream management ({@code sm}) every stream sends {@code <enable/>} after binding; {@link BenchXmppClient}
 * answers the server's {@code <r/>} with the count of stanzas received, and each sender asks for the server's
 * acknowledgement ({@code <r/>}) after every 5th message, as a client keeping unacknowledged stanzas for a resend
 * would. The time from the write of a message followed by {@code <r/>} to the {@code <a h/>} that covers it (the
 * server took responsibility) is the "ack" latency. Without ({@code plain}) there is none of this.
 *
 * <p>Usage: {@code ChatThroughputHarness PORT SERVER_PID PAIRS RATES SECONDS MODES}; RATES and MODES ({@code plain},
 * {@code sm}) comma-separated, each mode a fresh set of streams; accounts with password {@code benchpw}.
 */
public final class ChatThroughputHarness {
    private static final String PASSWORD = "benchpw";
    private static final String SM_NS = "urn:xmpp:sm:3";
    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int JIT_WARMUP_SECONDS = 8;
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** Client {@code <r/>} after this many messages sent (mirrors the server's {@code c2s.sm-request-every}). */
    private static final int REQUEST_EVERY = 5;
    private static final int RING = 1 << 14;
    private static final String PADDING = "x".repeat(80);
    /** Knee: p99 above this, or delivery below {@link #KEEP_UP} of the offered rate. */
    private static final double KNEE_P99_MS = 50;
    private static final double KEEP_UP = 0.97;

    /** Per-stream state; touched only on the load event loop. */
    private static final class Member {
        final long[] sentAt = new long[RING];
        long sent;
        long acked;
    }

    // All below: load event loop only (the pacer and every listener run there).
    private Member[] members;
    private long measureStart = Long.MAX_VALUE;
    private long measureEnd = Long.MAX_VALUE;
    private long received;
    private long receivedInWindow;
    private final BenchStats.LongList latencies = new BenchStats.LongList();
    private final BenchStats.LongList ackLatencies = new BenchStats.LongList();
    private final Map<String, Integer> errors = new TreeMap<>();
    private int closed;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        int pairs = Integer.parseInt(args[2]);
        List<Integer> rates = new ArrayList<>();
        for (String r : args[3].split(",")) {
            rates.add(Integer.parseInt(r.strip()));
        }
        int seconds = Integer.parseInt(args[4]);
        String[] modes = args[5].split(",");
        EventLoopGroup load = BenchXmppClient.newLoop();
        try {
            for (String mode : modes) {
                new ChatThroughputHarness().run(load, port, serverPid, pairs, rates, seconds, mode.strip());
            }
        } finally {
            load.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private void stanza(BenchXmppClient.Conn c, XmlElement e, long now) {
        if (SM_NS.equals(e.namespace())) {
            if ("a".equals(e.name())) {
                acknowledged(c, Long.parseLong(e.attribute("h")), now);
            }
            return;
        }
        if ("error".equals(e.attribute("type"))) {
            XmlElement error = e.element("error");
            String condition = error == null || error.elements().isEmpty() ? "?" : error.elements().get(0).name();
            errors.merge(e.name() + "/" + condition, 1, Integer::sum);
            return;
        }
        if (!"message".equals(e.name())) {
            return; // the member's own presence, reflected
        }
        String body = e.element("body").text();
        long sentAt = Long.parseLong(body.substring(0, body.indexOf(' ')));
        received++;
        if (sentAt >= measureStart && sentAt < measureEnd) {
            latencies.add(now - sentAt);
            if (now < measureEnd) {
                receivedInWindow++;
            }
        }
    }

    /** The server's {@code <a h/>}: every message up to h is the server's responsibility now. */
    private void acknowledged(BenchXmppClient.Conn c, long h, long now) {
        Member m = members[c.index];
        // h counts every stanza of the stream, initial presence included: one more than the messages.
        long upTo = Math.min(m.sent, h - 1);
        for (long n = m.acked; n < upTo; n++) {
            long at = m.sentAt[(int) (n & (RING - 1))];
            // Only the message the <r/> went out with: the others also wait for the client's next request.
            if ((n + 1) % REQUEST_EVERY == 0 && at >= measureStart && at < measureEnd && m.sent - n < RING) {
                ackLatencies.add(now - at);
            }
        }
        m.acked = Math.max(m.acked, upTo);
    }

    private void run(EventLoopGroup load, int port, long serverPid, int pairs, List<Integer> rates, int seconds,
                     String mode) throws Exception {
        boolean sm = switch (mode) {
            case "sm" -> true;
            case "plain" -> false;
            default -> throw new IllegalArgumentException("mode: sm or plain, not " + mode);
        };
        BenchXmppClient client = new BenchXmppClient(port, PASSWORD);
        int n = 2 * pairs;
        members = new Member[n];
        for (int i = 0; i < n; i++) {
            members[i] = new Member();
        }
        long t0 = System.nanoTime();
        List<BenchXmppClient.Conn> conns = client.connectAll(load, n, i -> "cm" + (i + 1), "chat", 500, 100, sm,
                this::stanza);
        for (BenchXmppClient.Conn c : conns) {
            c.channel.closeFuture().addListener(f -> closed++);
            c.send("<presence/>");
        }
        Thread.sleep(1000);
        System.out.printf("%n== %s: %d members (%d pairs) online in %.1f s, stream management %s%n", mode, n, pairs,
                (System.nanoTime() - t0) / 1e9, sm ? "on (<enable/>, <a/> answered, <r/> every " + REQUEST_EVERY
                + " sent)" : "off");
        // Untimed: let the JIT compile the chat path on both sides before anything is measured.
        step(conns, serverPid, rates.get(0), JIT_WARMUP_SECONDS, sm, false);
        System.out.println("| mode | offered msg/s | delivered msg/s | latency p50 / p99 / max | "
                + (sm ? "server ack p50 / p99 | " : "") + "server CPU (per msg) | server threads | errors |");
        System.out.println(sm ? "|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|---|");
        for (int rate : rates) {
            if (!step(conns, serverPid, rate, seconds, sm, true)) {
                System.out.println("  (fell behind: higher rates skipped)");
                break;
            }
        }
        for (BenchXmppClient.Conn c : conns) {
            c.closeStream();
        }
        Thread.sleep(1000);
    }

    /** One rate; returns false once the server has fallen far behind (no point in going higher). */
    private boolean step(List<BenchXmppClient.Conn> conns, long serverPid, int rate, int seconds, boolean sm,
                         boolean report) throws Exception {
        EventLoop loop = conns.get(0).channel.eventLoop();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long mStart = start + WARMUP_NANOS;
        long mEnd = mStart + TimeUnit.SECONDS.toNanos(seconds);
        long[] sentBefore = {0};
        loop.submit(() -> {
            latencies.clear();
            ackLatencies.clear();
            errors.clear();
            receivedInWindow = 0;
            measureStart = report ? mStart : Long.MAX_VALUE;
            measureEnd = report ? mEnd : Long.MAX_VALUE;
            sentBefore[0] = received;
        }).get();
        long receivedBefore = sentBefore[0];
        long[] seq = {0};
        int n = conns.size();
        ScheduledFuture<?> pacer = loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now < start) {
                return;
            }
            long due = (Math.min(now, mEnd) - start) * rate / 1_000_000_000L;
            while (seq[0] < due) {
                long k = seq[0]++;
                int i = (int) (k % n);
                BenchXmppClient.Conn from = conns.get(i);
                Member m = members[i];
                long t = System.nanoTime();
                m.sentAt[(int) (m.sent & (RING - 1))] = t;
                m.sent++;
                from.send("<message type='chat' to='cm" + ((i ^ 1) + 1) + "@localhost'><body>" + t + ' ' + PADDING
                        + "</body></message>" + (sm && m.sent % REQUEST_EVERY == 0 ? "<r xmlns='" + SM_NS + "'/>" : ""));
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        sleepUntil(mStart);
        ThreadCpu.Phase phase = new ThreadCpu.Phase(serverPid);
        sleepUntil(mEnd);
        phase.end();
        pacer.cancel(false);
        long sent = loop.submit(() -> seq[0]).get();
        long drainStart = System.nanoTime();
        long got = 0;
        while (System.nanoTime() - drainStart < DRAIN_NANOS) {
            got = loop.submit(() -> received - receivedBefore).get();
            if (got >= sent) {
                break;
            }
            Thread.sleep(10);
        }
        double drainMs = (System.nanoTime() - drainStart) / 1e6;
        if (sm) { // ask for the acks still owed for the tail, so the next rate starts clean
            loop.submit(() -> conns.forEach(c -> c.send("<r xmlns='" + SM_NS + "'/>"))).get();
            Thread.sleep(200);
        }
        if (!report) {
            return true;
        }
        long gotFinal = got;
        Object[] r = loop.submit(() -> new Object[] {BenchStats.summarize(latencies.toArray()),
                BenchStats.summarize(ackLatencies.toArray()), receivedInWindow, errors.toString(), closed}).get();
        BenchStats.Summary lat = (BenchStats.Summary) r[0];
        BenchStats.Summary ack = (BenchStats.Summary) r[1];
        long inWindow = (Long) r[2];
        double window = phase.wallNanos() / 1e9;
        double delivered = inWindow / window;
        double cpuPct = 100 * phase.serverTreeMillis() / (phase.wallNanos() / 1e6);
        double usPerMsg = 1000 * phase.serverTreeMillis() / Math.max(1, inWindow);
        boolean knee = lat.p99Ms() > KNEE_P99_MS || delivered < KEEP_UP * rate;
        System.out.printf("| %s | %,d | %,.0f%s | %s / %s / %s ms | %s%.0f%% (%.1f µs) | %s | %s |%n",
                sm ? "SM" : "plain", rate, delivered, knee ? " **(knee)**" : "", fmt(lat.p50Ms()), fmt(lat.p99Ms()),
                fmt(lat.maxMs()), sm ? fmt(ack.p50Ms()) + " / " + fmt(ack.p99Ms()) + " ms | " : "", cpuPct, usPerMsg,
                phase.serverThreads(), "{}".equals(r[3]) ? "0" : r[3]);
        System.out.printf("  sent %,d, received %,d (%s) %.0f ms after sending stopped; streams closed %d; %s%n",
                sent, gotFinal, gotFinal >= sent ? "all" : (sent - gotFinal) + " missing", drainMs, (Integer) r[4],
                phase.machineLine());
        return gotFinal >= sent || delivered >= 0.5 * rate;
    }

    private static String fmt(double ms) {
        return ms >= 100 ? String.format("%,.0f", ms) : ms >= 10 ? String.format("%.1f", ms)
                : String.format("%.2f", ms);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        while (System.nanoTime() < nanos) {
            Thread.sleep(1);
        }
    }
}
