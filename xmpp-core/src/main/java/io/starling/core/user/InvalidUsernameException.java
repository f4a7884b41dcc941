package io.starling.core.user;

/** A username that is not a valid JID localpart (RFC 7622 §3.3). Expected, so stackless. */
public final class InvalidUsernameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidUsernameException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() { // NOSONAR: expected condition, no stack needed
        return this;
    }
}
