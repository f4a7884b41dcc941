package io.starling.core.user;

/** A password the PRECIS OpaqueString profile (RFC 8265 §4.2) does not allow, e.g. empty. Expected, so stackless. */
public final class InvalidPasswordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPasswordException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() { // NOSONAR: expected condition, no stack needed
        return this;
    }
}
