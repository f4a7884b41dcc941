package io.starling.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.starling.core.config.DatabaseConfig;
import io.starling.core.store.Database;
import io.starling.core.store.EmbeddedPostgresServer;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped by a shutdown hook; every caller gets
 * its own freshly created database {@code t_<n>}, so tests never see each other's rows.
 *
 * <pre>{@code
 * try (Database db = TestDatabase.open("classpath:db/migration/core")) {
 *     var users = new PostgresUserRepository(db.dataSource());
 * }
 * }</pre>
 * The server runs with {@code fsync=off}: fast, and fine for data that dies with the JVM. A failure to start is
 * thrown, never skipped.
 */
public final class TestDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server; // guarded by TestDatabase.class: started once, lazily

    private TestDatabase() {
    }

    /** The shared server, started on first call. */
    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("starling-test-pg");
                EmbeddedPostgresServer started = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, Map.of(
                        "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off",
                        "max_connections", "300"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, dir), "test-postgres-stop"));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL for tests did not start", e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns a config pointing at it (user postgres, 4 connections). */
    public static DatabaseConfig freshDatabase() {
        EmbeddedPostgresServer pg = server();
        String name = "t_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed", e);
        }
        return new DatabaseConfig(pg.jdbcUrl(name), "postgres", null, 4, 0);
    }

    /** A {@link Database} over a fresh database with {@code migrationLocations} applied; close it after the test. */
    public static Database open(String... migrationLocations) {
        return Database.open(freshDatabase(), null, List.of(migrationLocations));
    }

    private static void stop(EmbeddedPostgresServer pg, Path dir) {
        try {
            pg.close();
        } catch (IOException e) {
            // the JVM is exiting; zonky's own shutdown hook stops the server too
        }
        // zonky's hook may still be stopping the server concurrently and writing pg_stat: retry briefly.
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // retry
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
