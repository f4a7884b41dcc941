package io.starling.core.user;

/** {@link UserRepository#create} for a username that is already taken. Expected, so stackless. */
public final class UserExistsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UserExistsException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() { // NOSONAR: expected condition, no stack needed
        return this;
    }
}
