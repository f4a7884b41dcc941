package io.starling.presence.store;

/**
 * A presence store (roster, block list) failed: database down, a constraint broken, a stored row that no longer
 * parses. Unexpected, so it keeps its stack and cause; the write it interrupted was rolled back.
 */
public final class PresenceStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PresenceStoreException(String operation, Exception cause) {
        super("presence store " + operation + " failed: " + cause.getMessage(), cause);
    }
}
