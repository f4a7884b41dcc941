package io.starling.core.jid;

/** A malformed JID (RFC 7622); maps to the {@code jid-malformed} stanza error. Stackless: it is a peer's mistake. */
public final class JidFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JidFormatException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() { // NOSONAR: expected protocol error, no stack needed
        return this;
    }
}
