package io.starling.gateway.notify;

import java.sql.SQLException;

/** PostgreSQL failed while claiming or completing an idempotency key. */
public final class IdempotencyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IdempotencyStoreException(SQLException cause) {
        super("idempotency store: " + cause.getMessage(), cause);
    }
}
