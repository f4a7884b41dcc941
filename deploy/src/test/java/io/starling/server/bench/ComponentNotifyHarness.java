package io.starling.server.bench;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.channel.EventLoopGroup;
import io.starling.core.xml.XmlElement;

/**
 * Load side of the component-port benchmark (docs/BENCHMARKS.md), not server code: M members online over TCP, and
 * one XEP-0114 component (a plain socket: the sender is not what is measured) writing notifications as
 * {@code notify@<domain>} to random members at a set rate for D seconds. Reports notifications per second received
 * and end-to-end latency (the body carries the send time).
 *
 * <p>Usage: {@code ComponentNotifyHarness C2S_PORT COMPONENT_PORT COMPONENT_DOMAIN SECRET MEMBERS RATE SECONDS}
 */
public final class ComponentNotifyHarness {
    private static final Pattern ID = Pattern.compile("id=['\"]([^'\"]+)['\"]");

    private ComponentNotifyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int c2sPort = Integer.parseInt(args[0]);
        int componentPort = Integer.parseInt(args[1]);
        String component = args[2];
        String secret = args[3];
        int members = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        ConcurrentLinkedQueue<Long> endToEnd = new ConcurrentLinkedQueue<>();
        EventLoopGroup loop = BenchXmppClient.newLoop();
        List<BenchXmppClient.Conn> conns = new BenchXmppClient(c2sPort, "benchpw").connectAll(loop, members,
                i -> "u" + (i + 1), "app", 500, 100, (conn, stanza, now) -> received(stanza, now, endToEnd));
        conns.forEach(c -> c.send("<presence/>"));
        Thread.sleep(1000);
        try (Socket socket = new Socket("127.0.0.1", componentPort)) {
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            InputStream in = socket.getInputStream();
            write(out, "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " to='" + component + "'>");
            readUntil(in, "<stream:stream");
            String header = readUntil(in, ">");
            Matcher m = ID.matcher(header);
            if (!m.find()) {
                throw new IllegalStateException("no stream id in " + header);
            }
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((m.group(1) + secret).getBytes(StandardCharsets.UTF_8));
            write(out, "<handshake>" + HexFormat.of().formatHex(digest) + "</handshake>");
            readUntil(in, "handshake");
            String domain = component.substring(component.indexOf('.') + 1);
            send(out, domain, members, rate, 5);
            Thread.sleep(1000);
            endToEnd.clear();
            long sent = send(out, domain, members, rate, seconds);
            Thread.sleep(2000);
            long[] e = endToEnd.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("RESULT component members=%d offered_per_s=%d sent=%d received=%d per_s=%.0f "
                            + "e2e_p50=%.2fms e2e_p99=%.2fms e2e_max=%.2fms%n", members, rate, sent, e.length,
                    e.length / (double) seconds, ms(e, 50), ms(e, 99), e.length == 0 ? 0 : e[e.length - 1] / 1e6);
        }
        System.exit(0);
    }

    private static long send(OutputStream out, String domain, int members, int rate, int seconds) throws Exception {
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                out.flush();
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int member = 1 + ThreadLocalRandom.current().nextInt(members);
            out.write(("<message from='notify@" + domain + "' to='u" + member + "@" + domain
                    + "' type='headline'><body>t=" + System.nanoTime() + "</body></message>")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        return total;
    }

    private static void received(XmlElement stanza, long now, ConcurrentLinkedQueue<Long> endToEnd) {
        XmlElement body = stanza.name().equals("message") ? stanza.element("body") : null;
        if (body != null && body.text().startsWith("t=")) {
            endToEnd.add(now - Long.parseLong(body.text().substring(2)));
        }
    }

    private static void write(OutputStream out, String xml) throws Exception {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed after " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static double ms(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : BenchStats.percentile(sorted, p) / 1e6;
    }
}
