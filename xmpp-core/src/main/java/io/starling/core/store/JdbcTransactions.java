package io.starling.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * The one way repositories run JDBC work (ARCHITECTURE.md §Storage: one transaction per logical write): a pooled
 * connection, commit or rollback, and every {@link SQLException} turned into the caller's own unchecked store
 * exception, so that no repository returns {@code null} or throws a checked exception.
 */
public final class JdbcTransactions {
    private JdbcTransactions() {
    }

    /** JDBC work that may throw. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * One logical write: commits if {@code work} returns, rolls back if it throws.
     *
     * @param failure wraps a {@link SQLException} (of the work, the commit or the connection) in the repository's
     *                exception; a {@link RuntimeException} of the work is rethrown as it is, after the rollback
     */
    public static <T> T write(DataSource dataSource, SqlWork<T> work,
                              Function<SQLException, ? extends RuntimeException> failure) {
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
            throw failure.apply(e);
        }
    }

    /**
     * Work in auto-commit mode: for a single statement, which PostgreSQL runs atomically on one snapshot.
     *
     * @param failure as for {@link #write}
     */
    public static <T> T single(DataSource dataSource, SqlWork<T> work,
                               Function<SQLException, ? extends RuntimeException> failure) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure.apply(e);
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
