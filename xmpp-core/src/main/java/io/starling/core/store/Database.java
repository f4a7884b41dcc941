package io.starling.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.starling.core.concurrent.BoundedExecutor;
import io.starling.core.config.DatabaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's PostgreSQL: one HikariCP pool, migrations applied, a bounded {@code starling-jdbc} executor with
 * one thread per pooled connection, and an embedded server when {@link DatabaseConfig#embedded()}.
 *
 * <p>Repositories are synchronous and take {@link #dataSource()}; async façades run them on
 * {@link #jdbcExecutor()} via {@link BoundedExecutor#supply}, which fails the future (never blocks, never throws)
 * when the queue ({@link DatabaseConfig#jdbcQueue()}) is full.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Duration EXECUTOR_GRACE = Duration.ofSeconds(10);
    /** zonky starts PostgreSQL tuned for throwaway test data (-F, synchronous_commit=off); this is the real store. */
    private static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on",
            "full_page_writes", "on", "max_connections", "100");

    private final EmbeddedPostgresServer embedded;
    private final HikariDataSource dataSource;
    private final BoundedExecutor jdbcExecutor;
    private final String password;

    private Database(EmbeddedPostgresServer embedded, HikariDataSource dataSource, BoundedExecutor jdbcExecutor,
                     String password) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.jdbcExecutor = jdbcExecutor;
        this.password = password;
    }

    /**
     * Applies more modules' migrations, for modules that are built with this database's data source before they can
     * say where their migrations live. Blocking; call it at startup before the modules start.
     */
    public void migrate(List<String> migrationLocations) {
        FlywayMigrations.migrate(dataSource.getJdbcUrl(), dataSource.getUsername(), password,
                List.copyOf(migrationLocations));
    }

    /**
     * Starts (or connects to) PostgreSQL and migrates it. Blocking; call it at startup, not on an event loop.
     *
     * @param config             pool size, URL or embedded port
     * @param dataDir            the server's data directory; the embedded cluster lives in {@code dataDir/postgres}
     *                           (unused with a URL)
     * @param migrationLocations Flyway locations, one per module, e.g. {@code classpath:db/migration/core}, applied
     *                           in this order (see {@link FlywayMigrations})
     * @throws IllegalStateException if the embedded server cannot start or the database cannot be reached/migrated
     */
    public static Database open(DatabaseConfig config, Path dataDir, List<String> migrationLocations) {
        Objects.requireNonNull(config, "config");
        List<String> locations = List.copyOf(migrationLocations);
        EmbeddedPostgresServer embedded = null;
        HikariDataSource pool = null;
        try {
            String url = config.url();
            String user = config.username();
            if (config.embedded()) {
                Objects.requireNonNull(dataDir, "dataDir");
                embedded = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), config.embeddedPort(),
                        DURABLE);
                url = embedded.jdbcUrl("postgres");
                user = "postgres";
            }
            FlywayMigrations.migrate(url, user, config.password(), locations);
            pool = new HikariDataSource(hikariConfig(config, url, user));
            BoundedExecutor executor = new BoundedExecutor("starling-jdbc", config.poolSize(), config.jdbcQueue());
            LOG.info("Database ready: {} ({} connections)", config.embedded() ? "embedded" : url, config.poolSize());
            return new Database(embedded, pool, executor, config.password());
        } catch (IOException | RuntimeException e) {
            closeQuietly(pool, embedded, e);
            throw new IllegalStateException("database start failed: " + e.getMessage(), e);
        }
    }

    private static HikariConfig hikariConfig(DatabaseConfig config, String url, String user) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("starling-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hikari.setInitializationFailTimeout(Duration.ofSeconds(30).toMillis());
        return hikari;
    }

    private static void closeQuietly(HikariDataSource pool, EmbeddedPostgresServer embedded, Exception cause) {
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** {@code starling-jdbc-<n>}: poolSize threads, bounded queue; see {@link BoundedExecutor#supply}. */
    public BoundedExecutor jdbcExecutor() {
        return jdbcExecutor;
    }

    /** The embedded server's port, or -1 with an external database. */
    public int embeddedPort() {
        return embedded == null ? -1 : embedded.port();
    }

    /** Lets queued JDBC work finish (up to 10 s), then closes the pool and stops the embedded server. */
    @Override
    public void close() {
        jdbcExecutor.shutdownGracefully(EXECUTOR_GRACE);
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
