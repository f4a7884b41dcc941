package io.starling.presence.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Runs JDBC work on a pooled connection and turns every {@link SQLException} into a
 * {@link PresenceStoreException}: callers never see {@code null} or a checked exception.
 */
public final class Transactions {
    private Transactions() {
    }

    /** JDBC work that may throw. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** One logical write: commits if {@code work} returns, rolls back if it throws. */
    public static <T> T write(DataSource dataSource, String operation, SqlWork<T> work) {
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
            throw new PresenceStoreException(operation, e);
        }
    }

    /** A read in auto-commit mode; {@code work} should be one statement, which PostgreSQL runs on one snapshot. */
    public static <T> T read(DataSource dataSource, String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new PresenceStoreException(operation, e);
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
