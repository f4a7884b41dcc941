package io.starling.presence.store;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.starling.core.store.JdbcTransactions;

/**
 * Runs JDBC work on a pooled connection ({@link JdbcTransactions}) and turns every {@link SQLException} into a
 * {@link PresenceStoreException}: callers never see {@code null} or a checked exception.
 */
public final class Transactions {
    private Transactions() {
    }

    /** One logical write: commits if {@code work} returns, rolls back if it throws. */
    public static <T> T write(DataSource dataSource, String operation, JdbcTransactions.SqlWork<T> work) {
        return JdbcTransactions.write(dataSource, work, e -> new PresenceStoreException(operation, e));
    }

    /** A read in auto-commit mode; {@code work} should be one statement, which PostgreSQL runs on one snapshot. */
    public static <T> T read(DataSource dataSource, String operation, JdbcTransactions.SqlWork<T> work) {
        return JdbcTransactions.single(dataSource, work, e -> new PresenceStoreException(operation, e));
    }
}
