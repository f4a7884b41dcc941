package io.starling.presence.roster;

/**
 * A parsed roster get (RFC 6121 §2.1.3).
 *
 * @param ver the roster version the client has cached (RFC 6121 §2.6.2, XEP-0237 §2.3): {@code null} when the
 *            client does not use roster versioning, the empty string when it wants to start using it with no
 *            cache, otherwise an opaque value the server handed out earlier
 */
public record RosterQuery(String ver) {
    /** The client asked for roster versioning (it sent a 'ver' attribute, possibly empty). */
    public boolean versioned() {
        return ver != null;
    }
}
