package io.starling.offline.store;

/**
 * The offline store failed: database down, a constraint broken. Unexpected, so it keeps its stack and cause; the
 * write it interrupted was rolled back, so nothing it was storing is acknowledged as stored.
 */
public final class OfflineStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OfflineStoreException(String operation, Exception cause) {
        super("offline store " + operation + " failed: " + cause.getMessage(), cause);
    }
}
