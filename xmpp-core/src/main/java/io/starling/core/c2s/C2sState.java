package io.starling.core.c2s;

/** Where a client stream stands (RFC 6120 §9 walks through the same order). One timeout covers all pre-bind states. */
enum C2sState {
    /** Waiting for the client's stream header (at the start and after each restart). */
    AWAITING_STREAM,
    /** Features sent; the client may STARTTLS or start SASL. */
    NEGOTIATING,
    /** A SASL exchange is running (its mechanism may be working off the loop). */
    SASL,
    /** Authenticated; waiting for resource binding. */
    BINDING,
    /** Bound: stanzas flow. */
    ESTABLISHED,
    /** Our closing tag is out; waiting for the peer's or the timeout. */
    CLOSING,
    /** Gone. */
    CLOSED
}
