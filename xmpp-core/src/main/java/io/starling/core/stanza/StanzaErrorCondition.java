package io.starling.core.stanza;

/** The RFC 6120 §8.3.3 stanza error conditions, each with its wire name and the default error type it names. */
public enum StanzaErrorCondition {
    BAD_REQUEST("bad-request", StanzaErrorType.MODIFY),
    CONFLICT("conflict", StanzaErrorType.CANCEL),
    FEATURE_NOT_IMPLEMENTED("feature-not-implemented", StanzaErrorType.CANCEL),
    FORBIDDEN("forbidden", StanzaErrorType.AUTH),
    GONE("gone", StanzaErrorType.CANCEL),
    INTERNAL_SERVER_ERROR("internal-server-error", StanzaErrorType.CANCEL),
    ITEM_NOT_FOUND("item-not-found", StanzaErrorType.CANCEL),
    JID_MALFORMED("jid-malformed", StanzaErrorType.MODIFY),
    NOT_ACCEPTABLE("not-acceptable", StanzaErrorType.MODIFY),
    NOT_ALLOWED("not-allowed", StanzaErrorType.CANCEL),
    NOT_AUTHORIZED("not-authorized", StanzaErrorType.AUTH),
    POLICY_VIOLATION("policy-violation", StanzaErrorType.MODIFY),
    RECIPIENT_UNAVAILABLE("recipient-unavailable", StanzaErrorType.WAIT),
    REDIRECT("redirect", StanzaErrorType.MODIFY),
    REGISTRATION_REQUIRED("registration-required", StanzaErrorType.AUTH),
    REMOTE_SERVER_NOT_FOUND("remote-server-not-found", StanzaErrorType.CANCEL),
    REMOTE_SERVER_TIMEOUT("remote-server-timeout", StanzaErrorType.WAIT),
    RESOURCE_CONSTRAINT("resource-constraint", StanzaErrorType.WAIT),
    SERVICE_UNAVAILABLE("service-unavailable", StanzaErrorType.CANCEL),
    SUBSCRIPTION_REQUIRED("subscription-required", StanzaErrorType.AUTH),
    UNDEFINED_CONDITION("undefined-condition", StanzaErrorType.CANCEL),
    UNEXPECTED_REQUEST("unexpected-request", StanzaErrorType.WAIT);

    private final String wireName;
    private final StanzaErrorType defaultType;

    StanzaErrorCondition(String wireName, StanzaErrorType defaultType) {
        this.wireName = wireName;
        this.defaultType = defaultType;
    }

    public String wireName() {
        return wireName;
    }

    public StanzaErrorType defaultType() {
        return defaultType;
    }
}
