package io.starling.core.c2s;

/**
 * Where a client stream stands (RFC 6120 §9 walks through the same order), plus the XEP-0198 states of a session
 * that outlives its stream. One timeout covers all pre-bind states; {@link #DETACHED} and
 * {@link #RESUMPTION_PENDING} have their own.
 */
enum C2sState {
    /** Waiting for the client's stream header (at the start and after each restart). */
    AWAITING_STREAM,
    /** Features sent; the client may STARTTLS or start SASL. */
    NEGOTIATING,
    /** A SASL exchange is running (its mechanism may be working off the loop). */
    SASL,
    /** Authenticated; waiting for resource binding or a resumption (XEP-0198 §5). */
    BINDING,
    /** This stream asked an older session to take it over; its input waits for the answer. */
    RESUMING,
    /** This stream carries an older, resumed session: its events go to that session, on that session's executor. */
    RELAYED,
    /** Bound: stanzas flow. */
    ESTABLISHED,
    /**
     * Bound and resumable, but no stream carries it (the connection dropped): stanzas queue unsent until a
     * resumption or the resume timeout (XEP-0198 §5).
     */
    DETACHED,
    /**
     * A newer stream resumes this session and carries it from now on, but {@code <resumed/>} waits until the client
     * stanzas already received are handled, so that its {@code h} is exact (XEP-0198 §5; see
     * {@link StreamResumption}). Stanzas queue unsent as while detached.
     */
    RESUMPTION_PENDING,
    /** Our closing tag is out; waiting for the peer's or the timeout. */
    CLOSING,
    /** Gone. */
    CLOSED
}
