package io.starling.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Load side of the web round-trip benchmark (docs/BENCHMARKS.md), not server code: one member logged in over BOSH
 * or WebSocket sends chat messages to its own full JID, one at a time, and times each until it comes back: the
 * whole path (HTTP or frame parsing, routing, the long-poll answer or frame write). Warm-up first.
 *
 * <p>Usage: {@code WebLatencyHarness PORT bosh|ws COUNT [USER] [PASSWORD]}
 */
public final class WebLatencyHarness {
    private WebLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        int count = Integer.parseInt(args[2]);
        String user = args.length > 3 ? args[3] : "u1";
        String password = args.length > 4 ? args[4] : "benchpw";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        SynchronousQueue<String> echoes = new SynchronousQueue<>();
        Sender sender;
        if (mode.equals("bosh")) {
            BenchBoshSession s = new BenchBoshSession(http, URI.create("http://127.0.0.1:" + port + "/http-bind"),
                    user, password);
            s.login().get(30, TimeUnit.SECONDS);
            s.onStanza(e -> offer(echoes, e.name().equals("message") ? e.element("body") : null));
            sender = new Sender(s.jid(), s::send);
        } else {
            BenchWebSocketSession s = BenchWebSocketSession.login(http,
                    URI.create("ws://127.0.0.1:" + port + "/xmpp-websocket"), user, password).get(30, TimeUnit.SECONDS);
            s.onStanza(e -> offer(echoes, e.name().equals("message") ? e.element("body") : null));
            sender = new Sender(s.jid(), s::send);
        }
        run(sender, echoes, Math.min(2000, count), "warmup");
        long[] rtt = run(sender, echoes, count, "measure");
        Arrays.sort(rtt);
        System.out.printf("RESULT mode=%s messages=%d p50=%.3fms p90=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms%n",
                mode, count, ms(rtt, 50), ms(rtt, 90), ms(rtt, 99), ms(rtt, 99.9),
                rtt[rtt.length - 1] / 1e6);
        System.exit(0);
    }

    private static void offer(SynchronousQueue<String> echoes, io.starling.core.xml.XmlElement body) {
        if (body != null) {
            try {
                echoes.put(body.text());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long[] run(Sender sender, SynchronousQueue<String> echoes, int count, String phase)
            throws Exception {
        long[] rtt = new long[count];
        for (int i = 0; i < count; i++) {
            String body = phase + "-" + i;
            long t0 = System.nanoTime();
            sender.send.accept("<message xmlns='jabber:client' to='" + sender.jid + "' type='chat'><body>" + body
                    + "</body></message>");
            String echoed;
            do {
                echoed = echoes.poll(10, TimeUnit.SECONDS);
                if (echoed == null) {
                    throw new IllegalStateException("no echo for " + body);
                }
            } while (!echoed.equals(body));
            rtt[i] = System.nanoTime() - t0;
        }
        return rtt;
    }

    private static double ms(long[] sorted, double p) {
        return BenchStats.percentile(sorted, p) / 1e6;
    }

    private record Sender(String jid, java.util.function.Consumer<String> send) {
    }
}
