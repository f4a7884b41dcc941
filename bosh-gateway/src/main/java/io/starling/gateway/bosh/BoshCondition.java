package io.starling.gateway.bosh;

/**
 * The terminal binding conditions of XEP-0124 §17.2 that this connection manager sends, in
 * {@code <body type='terminate' condition='...'/>} with HTTP 200. Each ends the session (or refuses to create one).
 */
enum BoshCondition {
    /** The request was malformed: not one {@code <body/>} in the BOSH namespace, or a missing or invalid attribute. */
    BAD_REQUEST("bad-request"),
    /** The 'to' of the creation request is not a domain this server serves. */
    HOST_UNKNOWN("host-unknown"),
    /** The 'to' of the creation request is not a valid domain. */
    IMPROPER_ADDRESSING("improper-addressing"),
    /** Unknown or ended 'sid', or a 'rid' outside the window (§14.3). */
    ITEM_NOT_FOUND("item-not-found"),
    /** Overactivity (§11), polling too often (§12), a pause longer than 'maxpause' (§10). */
    POLICY_VIOLATION("policy-violation"),
    /**
     * The node keeps as many sessions as it is configured for: no new one now. XEP-0124 has no
     * {@code service-unavailable}; this is the nearest condition ("unable to connect to the XMPP server").
     */
    REMOTE_CONNECTION_FAILED("remote-connection-failed"),
    /** The XMPP stream ended with a {@code <stream:error/>}, carried in the body (XEP-0206, "Error Conditions"). */
    REMOTE_STREAM_ERROR("remote-stream-error"),
    /** The server is shutting down. */
    SYSTEM_SHUTDOWN("system-shutdown");

    private final String wireName;

    BoshCondition(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
