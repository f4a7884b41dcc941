package io.starling.gateway.bosh;

import io.starling.gateway.BoshConfig;

/**
 * What a session's client and the connection manager agreed at creation (XEP-0124 §7.1-7.2): the client's
 * 'wait' and 'hold', capped by the configuration, and whether it wants acknowledgements. Immutable.
 *
 * @param waitSeconds seconds a request may be held, 1 to {@link BoshConfig#maxWait()}
 * @param hold   requests held at once, 0 (a polling session, §12) to {@link BoshConfig#maxHold()}
 * @param ack    the client sent 'ack' at creation (§9)
 * @param config the limits the client cannot change: polling, inactivity, maxpause
 */
record BoshTerms(int waitSeconds, int hold, boolean ack, BoshConfig config) {
    /** Requests the client may keep open at once (§7.2 'requests'): the window of {@link RidWindow}. */
    int requests() {
        return hold + 1;
    }

    /** The terms for a creation request; a missing 'wait' or 'hold' takes the server's value. */
    static BoshTerms negotiate(BoshBody body, BoshConfig config) {
        int maxWait = (int) Math.min(config.maxWait().toSeconds(), Integer.MAX_VALUE);
        int wait = body.waitSeconds() < 0 ? maxWait : Math.max(1, Math.min(body.waitSeconds(), maxWait));
        int hold = body.hold() < 0 ? 1 : Math.min(body.hold(), config.maxHold());
        return new BoshTerms(wait, hold, body.ack(), config);
    }
}
