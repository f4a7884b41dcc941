package io.starling.presence.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

/**
 * Server pushes to a member's own sessions (RFC 6121 §2.1.6 roster pushes, XEP-0191 §3.3 block-list pushes): an IQ
 * set to each session that asked for them, addressed to its full JID, with no 'from' (the client reads it as its
 * own account).
 */
final class ResourcePushes {
    private final AtomicLong ids = new AtomicLong();

    /** Sends {@code payload} to every session of the member that {@code interested} accepts. */
    void push(MemberState m, Predicate<ResourceState> interested, XmlElement payload) {
        for (ResourceState r : m.resources.values()) {
            if (interested.test(r)) {
                r.session.deliver(Stanza.build(Stanza.Kind.IQ, r.session.jid(), null, "set",
                        "push" + ids.incrementAndGet(), List.of(payload)));
            }
        }
    }
}
