package io.starling.offline.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Runs JDBC work on a pooled connection and turns every {@link SQLException} into an {@link OfflineStoreException}:
 * callers never see {@code null} or a checked exception.
 */
final class Transactions {
    private Transactions() {
    }

    /** JDBC work that may throw. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** One logical write: commits if {@code work} returns, rolls back if it throws. */
    static <T> T write(DataSource dataSource, String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OfflineStoreException(operation, e);
        }
    }

    /** One statement in auto-commit mode: PostgreSQL runs it atomically, on one snapshot. */
    static <T> T single(DataSource dataSource, String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new OfflineStoreException(operation, e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // the connection is likely broken; the pool discards it on close
        }
    }
}
