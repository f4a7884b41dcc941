package io.starling.gateway.notify;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.starling.core.concurrent.BoundedExecutor;
import io.starling.core.store.JdbcTransactions;

/**
 * {@link IdempotencyRepository} in the {@code notification_requests} table (migration
 * {@code db/migration/gateway}). A claim is an {@code INSERT ... ON CONFLICT DO NOTHING}, so of two concurrent
 * requests with one key exactly one sends; the other sees the row. Expired rows (older than 24 hours) are deleted
 * at most once a minute, by a claim.
 */
public final class PostgresIdempotencyRepository implements IdempotencyRepository {
    /** Where the migration lives, for the composition root. */
    public static final String MIGRATIONS = "classpath:db/migration/gateway";
    private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DataSource dataSource;
    private final BoundedExecutor jdbc;
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime() - PURGE_EVERY_NANOS);

    public PostgresIdempotencyRepository(DataSource dataSource, BoundedExecutor jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    @Override
    public CompletionStage<Claim> claim(String apiKey, String idempotencyKey, String fingerprint) {
        return jdbc.supply(() -> JdbcTransactions.write(dataSource, c -> {
            long last = lastPurge.get();
            if (System.nanoTime() - last >= PURGE_EVERY_NANOS && lastPurge.compareAndSet(last, System.nanoTime())) {
                try (PreparedStatement purge = c.prepareStatement(
                        "DELETE FROM notification_requests WHERE created_at < now() - interval '24 hours'")) {
                    purge.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO notification_requests"
                    + " (api_key, idempotency_key, fingerprint) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, apiKey);
                insert.setString(2, idempotencyKey);
                insert.setString(3, fingerprint);
                if (insert.executeUpdate() == 1) {
                    return new Claimed();
                }
            }
            try (PreparedStatement select = c.prepareStatement("SELECT fingerprint, response"
                    + " FROM notification_requests WHERE api_key = ? AND idempotency_key = ?")) {
                select.setString(1, apiKey);
                select.setString(2, idempotencyKey);
                try (ResultSet rs = select.executeQuery()) {
                    // The row cannot vanish in between but for a purge of a 24-hour-old row: treat as in progress.
                    return rs.next() ? new Seen(rs.getString(1), rs.getString(2)) : new Seen(fingerprint, null);
                }
            }
        }, IdempotencyStoreException::new));
    }

    @Override
    public CompletionStage<Void> complete(String apiKey, String idempotencyKey, String response) {
        return jdbc.supply(() -> JdbcTransactions.single(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE notification_requests SET response = ?"
                    + " WHERE api_key = ? AND idempotency_key = ?")) {
                update.setString(1, response);
                update.setString(2, apiKey);
                update.setString(3, idempotencyKey);
                update.executeUpdate();
                return null;
            }
        }, IdempotencyStoreException::new));
    }

    @Override
    public CompletionStage<Void> release(String apiKey, String idempotencyKey) {
        return jdbc.supply(() -> JdbcTransactions.single(dataSource, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM notification_requests"
                    + " WHERE api_key = ? AND idempotency_key = ? AND response IS NULL")) {
                delete.setString(1, apiKey);
                delete.setString(2, idempotencyKey);
                delete.executeUpdate();
                return null;
            }
        }, IdempotencyStoreException::new));
    }
}
