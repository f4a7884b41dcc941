package io.starling.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load side of the idle-BOSH benchmark (docs/BENCHMARKS.md), not server code: N BOSH sessions log in (PLAIN,
 * bind, initial presence) at a bounded rate and then idle, each keeping one request held by the server, all on
 * Java's asynchronous HttpClient (no thread per session). Prints {@code READY established=n failed=f} once every
 * login finished, holds for HOLD_S seconds, then terminates the sessions.
 *
 * <p>Usage: {@code BoshIdleHarness PORT N RATE_PER_S HOLD_S [PREFIX] [PASSWORD] [MAX_IN_FLIGHT]}
 */
public final class BoshIdleHarness {
    private BoshIdleHarness() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int holdSeconds = Integer.parseInt(args[3]);
        String prefix = args.length > 4 ? args[4] : "u";
        String password = args.length > 5 ? args[5] : "benchpw";
        Semaphore inFlight = new Semaphore(args.length > 6 ? Integer.parseInt(args[6]) : 200);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/http-bind");
        List<BenchBoshSession> sessions = new ArrayList<>(n);
        AtomicInteger established = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            long due = start + (long) (i - 1) * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire();
            BenchBoshSession s = new BenchBoshSession(http, uri, prefix + i, password);
            sessions.add(s);
            s.login().whenComplete((jid, failure) -> {
                inFlight.release();
                if (failure == null) {
                    established.incrementAndGet();
                } else if (failed.incrementAndGet() <= 5) {
                    System.err.println("login failed: " + failure);
                }
            });
        }
        while (established.get() + failed.get() < n) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("READY established=%d failed=%d seconds=%.1f logins_per_s=%.0f%n", established.get(),
                failed.get(), seconds, established.get() / seconds);
        System.out.flush();
        Thread.sleep(holdSeconds * 1000L);
        sessions.forEach(BenchBoshSession::close);
        Thread.sleep(2000);
        System.out.println("DONE");
    }
}
