package io.starling.server.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.starling.core.xml.XmlElement;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark probe, not server code: one member on its own client event loop sends an XEP-0199 ping to the server
 * every {@code interval} without waiting for answers, and records when each was sent and its round trip. The server
 * answers pings on the session's event loop, so the round trip is the time a stanza waits for that loop: a stalled
 * event loop shows up as a long round trip.
 */
final class BenchPinger {
    private final BenchXmppClient.Conn conn;
    /** Confined to the pinger's event loop until {@link #stop()}. */
    private final BenchStats.LongList sent = new BenchStats.LongList();
    private final BenchStats.LongList rtt = new BenchStats.LongList();
    private ScheduledFuture<?> timer;

    private BenchPinger(BenchXmppClient.Conn conn) {
        this.conn = conn;
    }

    /** Logs in {@code user} on {@code group} and starts pinging; the group should serve nothing else. */
    static BenchPinger start(BenchXmppClient client, EventLoopGroup group, String user, long intervalMicros)
            throws Exception {
        BenchPinger[] self = new BenchPinger[1];
        BenchXmppClient.Conn conn = client.connect(group, 0, user, "ping", (c, e, now) -> self[0].answer(e, now))
                .get(30, TimeUnit.SECONDS);
        self[0] = new BenchPinger(conn);
        conn.channel.eventLoop().submit(() -> {
            self[0].timer = conn.channel.eventLoop().scheduleAtFixedRate(self[0]::ping, intervalMicros,
                    intervalMicros, TimeUnit.MICROSECONDS);
        }).get();
        return self[0];
    }

    private void ping() {
        int seq = sent.size();
        long now = System.nanoTime();
        sent.add(now);
        rtt.add(-1);
        conn.send("<iq type='get' to='localhost' id='p" + seq + "'><ping xmlns='urn:xmpp:ping'/></iq>");
    }

    private void answer(XmlElement e, long now) {
        String id = e.attribute("id");
        if ("iq".equals(e.name()) && id != null && id.startsWith("p")) {
            int seq = Integer.parseInt(id.substring(1));
            rtt.set(seq, now - sent.get(seq));
        }
    }

    /** Stops pinging (after the answers in flight had {@code graceMillis} to arrive) and returns the samples. */
    Samples stop(long graceMillis) throws Exception {
        conn.channel.eventLoop().submit(() -> timer.cancel(false)).get();
        Thread.sleep(graceMillis);
        return conn.channel.eventLoop().submit(() -> {
            conn.closeStream();
            return new Samples(sent.toArray(), rtt.toArray());
        }).get();
    }

    /** Send times and round trips (nanoseconds; −1 when unanswered), index = sequence number. */
    record Samples(long[] sentNanos, long[] rttNanos) {
        /** Round trips of the pings whose flight [sent, answered] overlaps any of the windows. */
        long[] overlapping(List<long[]> windows) {
            return select(windows, true, List.of());
        }

        /** As {@link #overlapping(List)}, leaving out pings whose flight overlaps any of {@code excluded}. */
        long[] overlapping(List<long[]> windows, List<long[]> excluded) {
            return select(windows, true, excluded);
        }

        /** Round trips of the pings sent inside any of the windows. */
        long[] within(List<long[]> windows) {
            return select(windows, false, List.of());
        }

        private long[] select(List<long[]> windows, boolean overlap, List<long[]> excluded) {
            BenchStats.LongList out = new BenchStats.LongList();
            for (int i = 0; i < sentNanos.length; i++) {
                long r = rttNanos[i];
                if (r >= 0 && hit(i, windows, overlap) && !hit(i, excluded, true)) {
                    out.add(r);
                }
            }
            return out.toArray();
        }

        private boolean hit(int i, List<long[]> windows, boolean overlap) {
            long s = sentNanos[i];
            long end = rttNanos[i] < 0 ? Long.MAX_VALUE : s + rttNanos[i];
            for (long[] w : windows) {
                if (overlap ? s <= w[1] && end >= w[0] : s >= w[0] && s <= w[1]) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The {@code count} longest round trips, each with the last mark (a harness phase: parallel lists of
         * nanoTime and label, in time order) before it was sent, and whether a server GC pause overlapped it.
         */
        String slowest(int count, List<Long> markTimes, List<String> markLabels, List<long[]> gc) {
            Integer[] order = new Integer[sentNanos.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Long.compare(rttNanos[b], rttNanos[a]));
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < Math.min(count, order.length); j++) {
                int i = order[j];
                sb.append(String.format("    %.2fms", rttNanos[i] / 1e6));
                int m = -1;
                for (int k = 0; k < markTimes.size() && markTimes.get(k) <= sentNanos[i]; k++) {
                    m = k;
                }
                if (m >= 0) {
                    sb.append(String.format(" sent %.1fms after %s", (sentNanos[i] - markTimes.get(m)) / 1e6,
                            markLabels.get(m)));
                }
                if (hit(i, gc, true)) {
                    sb.append(" (server GC pause)");
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        int unanswered() {
            int n = 0;
            for (long r : rttNanos) {
                if (r < 0) {
                    n++;
                }
            }
            return n;
        }
    }
}
