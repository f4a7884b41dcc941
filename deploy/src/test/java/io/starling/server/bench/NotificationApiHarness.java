package io.starling.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoopGroup;
import io.starling.core.xml.XmlElement;

/**
 * Load side of the notification benchmark (docs/BENCHMARKS.md), not server code: M members online over TCP (raw
 * streams on one Netty loop), and C concurrent HTTP callers posting one notification each to a random member,
 * for D seconds, each with its own idempotency key. Reports notifications per second, the HTTP answer latency and
 * the end-to-end latency (the body carries the send time; sender and receivers share this JVM's clock).
 *
 * <p>Usage: {@code NotificationApiHarness C2S_PORT INTERNAL_PORT API_KEY MEMBERS CONCURRENCY SECONDS}
 */
public final class NotificationApiHarness {
    private NotificationApiHarness() {
    }

    public static void main(String[] args) throws Exception {
        int c2sPort = Integer.parseInt(args[0]);
        URI uri = URI.create("http://127.0.0.1:" + args[1] + "/api/v1/notifications");
        String key = args[2];
        int members = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        ConcurrentLinkedQueue<Long> endToEnd = new ConcurrentLinkedQueue<>();
        EventLoopGroup loop = BenchXmppClient.newLoop();
        List<BenchXmppClient.Conn> conns = new BenchXmppClient(c2sPort, "benchpw").connectAll(loop, members,
                i -> "u" + (i + 1), "app", 500, 100, (conn, stanza, now) -> received(stanza, now, endToEnd));
        conns.forEach(c -> c.send("<presence/>"));
        Thread.sleep(1000);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        run(http, uri, key, members, concurrency, 5, new ConcurrentLinkedQueue<>(), new AtomicInteger());
        endToEnd.clear();
        ConcurrentLinkedQueue<Long> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long t0 = System.nanoTime();
        run(http, uri, key, members, concurrency, seconds, answers, errors);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000);
        long[] a = answers.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] e = endToEnd.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT api members=%d concurrency=%d notifications=%d per_s=%.0f errors=%d "
                        + "http_p50=%.2fms http_p99=%.2fms received=%d e2e_p50=%.2fms e2e_p99=%.2fms e2e_max=%.2fms%n",
                members, concurrency, a.length, a.length / elapsed, errors.get(), ms(a, 50), ms(a, 99), e.length,
                ms(e, 50), ms(e, 99), e.length == 0 ? 0 : e[e.length - 1] / 1e6);
        System.exit(0);
    }

    private static void received(XmlElement stanza, long now, ConcurrentLinkedQueue<Long> endToEnd) {
        XmlElement body = stanza.name().equals("message") ? stanza.element("body") : null;
        if (body != null && body.text().startsWith("t=")) {
            endToEnd.add(now - Long.parseLong(body.text().substring(2)));
        }
    }

    private static void run(HttpClient http, URI uri, String key, int members, int concurrency, int seconds,
                            ConcurrentLinkedQueue<Long> answers, AtomicInteger errors) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ids = new AtomicLong(System.nanoTime());
        Thread[] callers = new Thread[concurrency];
        for (int t = 0; t < concurrency; t++) {
            callers[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int member = 1 + ThreadLocalRandom.current().nextInt(members);
                    long sent = System.nanoTime();
                    String json = "{\"to\":\"u" + member + "\",\"type\":\"chat\",\"body\":\"t=" + sent
                            + "\",\"idempotency_key\":\"b" + ids.incrementAndGet() + "\"}";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            answers.add(System.nanoTime() - sent);
                        } else if (errors.incrementAndGet() <= 3) {
                            System.err.println("HTTP " + r.statusCode() + ": " + r.body());
                        }
                    } catch (Exception ex) {
                        errors.incrementAndGet();
                    }
                }
            }, "caller-" + t);
            callers[t].start();
        }
        for (Thread t : callers) {
            t.join();
        }
    }

    private static double ms(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : BenchStats.percentile(sorted, p) / 1e6;
    }
}
