package io.starling.core.user;

import java.sql.SQLException;

/** The user store failed (database down, constraint broken): unexpected, so it keeps its stack and cause. */
public final class UserStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserStoreException(String operation, SQLException cause) {
        super("user store " + operation + " failed: " + cause.getMessage(), cause);
    }
}
