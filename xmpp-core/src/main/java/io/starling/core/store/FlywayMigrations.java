package io.starling.core.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each module's Flyway migrations with its own history table.
 *
 * <p>Why not one shared history table: Flyway orders all versions of all locations in one sequence, so two
 * modules could not both have a {@code V1__}, and a module added later with versions below the applied maximum
 * would be rejected as out of order. With one table per module each folder is an independent sequence. The table
 * is named after the location's last path segment: {@code classpath:db/migration/core} →
 * {@code flyway_history_core}. A module whose history table does not exist yet is baselined at version 0 (the
 * schema already holds other modules' tables), so its {@code V1__} still runs.
 */
public final class FlywayMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(FlywayMigrations.class);
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private FlywayMigrations() {
    }

    /** The history table of one location. */
    public static String historyTable(String location) {
        String module = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("migration location must end in a module name [a-z][a-z0-9_]*: "
                    + location);
        }
        return "flyway_history_" + module;
    }

    /**
     * Migrates every location in order, over connections of its own (Flyway holds two at once — a lock and the
     * migration — which a small application pool might not have to spare).
     *
     * @throws IllegalArgumentException if two locations map to the same module name
     * @throws org.flywaydb.core.api.FlywayException if a migration fails (that module's migration is rolled back)
     */
    public static void migrate(String url, String user, String password, List<String> locations) {
        Set<String> tables = new HashSet<>();
        for (String location : locations) {
            String table = historyTable(location);
            if (!tables.add(table)) {
                throw new IllegalArgumentException("two migration locations share the module name of " + location);
            }
            MigrateResult result = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations(location)
                    .table(table)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info("Migrations {}: {} applied, schema version {}", location, result.migrationsExecuted,
                    result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion);
        }
    }
}
