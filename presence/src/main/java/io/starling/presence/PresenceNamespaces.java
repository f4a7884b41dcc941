package io.starling.presence;

/** XML namespaces of the protocols the presence module speaks. */
public final class PresenceNamespaces {
    /** Roster management, RFC 6121 §2. */
    public static final String ROSTER = "jabber:iq:roster";
    /** Stream feature advertising roster versioning, RFC 6121 §2.6.1 (formerly XEP-0237 §2.1). */
    public static final String ROSTER_VERSIONING_FEATURE = "urn:xmpp:features:rosterver";
    /** Stream feature advertising subscription pre-approval, RFC 6121 §3.4.1. */
    public static final String PRE_APPROVAL_FEATURE = "urn:xmpp:features:pre-approval";
    /** Blocking command, XEP-0191 §3.1. */
    public static final String BLOCKING = "urn:xmpp:blocking";
    /** The application-specific error condition of a blocked stanza, XEP-0191 §3.3. */
    public static final String BLOCKING_ERRORS = "urn:xmpp:blocking:errors";
    /** Invisible command, XEP-0186 since version 0.12 (with the 'probe' attribute). */
    public static final String INVISIBLE = "urn:xmpp:invisible:1";
    /** Invisible command, XEP-0186 before version 0.12, still sent by older clients. */
    public static final String INVISIBLE_LEGACY = "urn:xmpp:invisible:0";
    /** Delayed delivery timestamps, XEP-0203. */
    public static final String DELAY = "urn:xmpp:delay";

    private PresenceNamespaces() {
    }
}
