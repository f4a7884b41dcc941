package io.starling.core.sasl;

/**
 * A login token the server refuses; the message says why, for a DEBUG line, and never contains the token. The
 * client only ever sees {@code not-authorized}. Expected protocol error, so stackless.
 */
final class InvalidLoginTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidLoginTokenException(String reason) {
        super(reason, null, false, false);
    }
}
