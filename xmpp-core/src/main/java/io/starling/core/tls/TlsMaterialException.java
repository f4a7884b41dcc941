package io.starling.core.tls;

/**
 * Certificate or key material that cannot be used: a missing or malformed PEM file, an encrypted key, a key that
 * does not match its certificate. Raised at start; the message names the file. Stackless, the cause is kept.
 */
public final class TlsMaterialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message, null, false, false);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
