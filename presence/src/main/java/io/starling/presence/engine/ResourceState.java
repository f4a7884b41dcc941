package io.starling.presence.engine;

import java.util.HashSet;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.core.session.Session;
import io.starling.core.stanza.Stanza;

/** What the presence module remembers of one session. Confined to the member's stripe. */
final class ResourceState {
    final Session session;
    /** The last available broadcast presence (RFC 6121 §4.2, §4.4), from = full JID, no 'to'; null if unavailable. */
    Stanza presence;
    /** XEP-0186: connected but shown unavailable to contacts. */
    boolean invisible;
    /** XEP-0186 {@code probe='true'}: while invisible, still learn contacts' presence. */
    boolean probeWhileInvisible = true;
    /** Requested the roster: an interested resource (RFC 6121 §2.2) that gets roster pushes. */
    boolean rosterInterested;
    /** Requested the block list: gets block and unblock pushes (XEP-0191 §3.2). */
    boolean blockListInterested;
    /** Entities that got directed available presence and must get unavailable at the end (RFC 6121 §4.6.3). */
    final Set<Jid> directed = new HashSet<>();

    ResourceState(Session session) {
        this.session = session;
    }

    boolean available() {
        return presence != null;
    }

    /** Available and shown to contacts. */
    boolean visiblyAvailable() {
        return presence != null && !invisible;
    }
}
