package io.starling.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;

import io.starling.core.concurrent.BoundedExecutor;
import io.starling.core.config.DatabaseConfig;
import io.starling.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DatabaseIT {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseIT.class);
    private static final String CORE = "classpath:db/migration/core";
    private static final String PROBE = "classpath:db/migration/storetest";

    @Test
    void embedded_dataSurvivesRestart(@TempDir Path dataDir) throws Exception {
        DatabaseConfig config = DatabaseConfig.defaults();
        long t0 = System.nanoTime();
        try (Database db = Database.open(config, dataDir, List.of(CORE, PROBE))) {
            LOG.info("First embedded start (initdb + migrate): {} ms", (System.nanoTime() - t0) / 1_000_000);
            assertThat(db.embeddedPort()).isPositive();
            assertThat(query(db, "SHOW fsync")).isEqualTo("on"); // zonky's -F must not survive for real data
            assertThat(query(db, "SHOW synchronous_commit")).isEqualTo("on");
            execute(db, "INSERT INTO store_probe VALUES (1, 'kept')");
        }
        long t1 = System.nanoTime();
        try (Database db = Database.open(config, dataDir, List.of(CORE, PROBE))) {
            LOG.info("Restart over existing data: {} ms", (System.nanoTime() - t1) / 1_000_000);
            assertThat(query(db, "SELECT note FROM store_probe WHERE id = 1")).isEqualTo("kept");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
    }

    @Test
    void moduleAddedLater_migratesWithItsOwnHistoryTable() throws Exception {
        DatabaseConfig config = TestDatabase.freshDatabase();
        try (Database db = Database.open(config, null, List.of(CORE))) {
            assertThat(query(db, "SELECT count(*) FROM flyway_history_core")).isEqualTo("1");
        }
        try (Database db = Database.open(config, null, List.of(CORE, PROBE))) {
            assertThat(query(db, "SELECT count(*) FROM store_probe")).isEqualTo("0");
            assertThat(query(db, "SELECT max(version) FROM flyway_history_storetest WHERE success")).isEqualTo("1");
        }
    }

    @Test
    void jdbcExecutor_namedAndBounded_refusalIsAFailedFuture() throws Exception {
        DatabaseConfig config = new DatabaseConfig(TestDatabase.freshDatabase().url(), "postgres", null, 1, 0, 1);
        try (Database db = Database.open(config, null, List.of(CORE))) {
            BoundedExecutor jdbc = db.jdbcExecutor();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> running = jdbc.supply(() -> {
                release.await();
                return Thread.currentThread().getName();
            });
            CompletableFuture<String> queued = jdbc.supply(() -> "queued");
            CompletableFuture<String> refused = jdbc.supply(() -> "refused");

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(RejectedExecutionException.class);
            release.countDown();
            assertThat(running.get()).startsWith("starling-jdbc-");
            assertThat(queued.get()).isEqualTo("queued");
        }
    }

    @Test
    void badLocationName_rejected() {
        assertThatThrownBy(() -> FlywayMigrations.historyTable("classpath:db/migration/Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FlywayMigrations.historyTable("classpath:db/migration/offline")).isEqualTo("flyway_history_offline");
    }

    private static void execute(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
