/**
 * PostgreSQL access for the whole process (ARCHITECTURE.md §Storage): {@link io.starling.core.store.Database} owns
 * the single HikariCP pool, the bounded {@code starling-jdbc} executor, the Flyway migrations of every module and,
 * when no JDBC URL is configured, an embedded PostgreSQL whose data lives under {@code <dataDir>/postgres}.
 *
 * <p>Migrations: each module keeps its own folder ({@code classpath:db/migration/<module>}) and its own Flyway
 * history table ({@code flyway_history_<module>}), so module versions never collide and a module added later
 * migrates on its own against a database that already holds other modules' tables (see
 * {@link io.starling.core.store.FlywayMigrations}).
 */
package io.starling.core.store;
