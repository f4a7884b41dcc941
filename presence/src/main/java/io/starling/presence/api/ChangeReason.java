package io.starling.presence.api;

/** Why a member's aggregate presence changed. */
public enum ChangeReason {
    /** A session sent initial presence. */
    LOGIN,
    /** A session changed show/status, or went invisible or visible. */
    STATUS_CHANGE,
    /** A session sent unavailable presence or closed its stream. */
    LOGOUT,
    /** The connection dropped without a stream close, or ended on a stream error. */
    CONNECTION_LOST,
    /** The session timed out (idle, BOSH inactivity, resumption expiry). */
    TIMEOUT,
    /** Another login took over the same resource. */
    REPLACED,
    /** The server is shutting down. */
    SHUTDOWN
}
