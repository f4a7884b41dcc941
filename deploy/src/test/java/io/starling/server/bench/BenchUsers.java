package io.starling.server.bench;

import io.starling.core.config.DatabaseConfig;
import io.starling.core.store.Database;
import io.starling.core.user.PostgresUserRepository;
import io.starling.core.user.ScramCredentials;
import io.starling.core.user.ScramHash;
import io.starling.core.user.UserExistsException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark setup, not server code: creates accounts {@code <prefix>1..<prefix>N} with one password in the
 * embedded PostgreSQL of a running server (its port is line 4 of {@code <data-dir>/postgres/postmaster.pid}, as
 * the CLI does). The SCRAM credentials are computed once with a fixed salt and shared by every account, so
 * creating thousands of users costs one PBKDF2 per hash instead of one per user.
 *
 * <p>Usage: {@code BenchUsers DATA_DIR COUNT [PREFIX] [PASSWORD] [ITERATIONS]}
 */
public final class BenchUsers {
    private BenchUsers() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String prefix = args.length > 2 ? args[2] : "u";
        String password = args.length > 3 ? args[3] : "benchpw";
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : ScramCredentials.MIN_ITERATIONS;

        List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        int port = Integer.parseInt(pid.get(3).strip());
        DatabaseConfig db = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                null, 4, 0);
        byte[] salt = "starling-bench-salt".getBytes(StandardCharsets.US_ASCII);
        List<ScramCredentials> creds = List.of(
                ScramCredentials.compute(ScramHash.SHA_1, password, salt, iterations),
                ScramCredentials.compute(ScramHash.SHA_256, password, salt, iterations));
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger existing = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        try (Database database = Database.open(db, dataDir, List.of("classpath:db/migration/core"))) {
            PostgresUserRepository repo = new PostgresUserRepository(database.dataSource());
            // Four inserting threads, matching the pool size above.
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
            pool.submit(() -> java.util.stream.IntStream.rangeClosed(1, count).parallel().forEach(i -> {
                try {
                    repo.create(prefix + i, creds);
                    created.incrementAndGet();
                } catch (UserExistsException e) {
                    existing.incrementAndGet();
                }
            })).get();
            pool.shutdown();
        }
        System.out.printf("users: created=%d existing=%d in %d ms%n", created.get(), existing.get(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
