package io.starling.presence.roster;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.starling.core.jid.Jid;

/**
 * The subscription requests a member has not answered yet, each kept as the complete stanza (RFC 6121 §3.1.3), so
 * that the request delivered again at the member's next login still carries its status and XEP-0172 nick. The
 * subscription state lives in the roster ({@link SubscriptionState#pendingIn()}); this only keeps the content.
 * Synchronous and blocking: callers run it on the presence stripes.
 */
public interface SubscriptionRequestRepository {
    /**
     * One kept request.
     *
     * @param stanza     the {@code <presence type='subscribe'/>} as routed to the member, serialised XML
     * @param receivedAt when it arrived
     */
    record StoredRequest(String stanza, Instant receivedAt) {
        public StoredRequest {
            Objects.requireNonNull(stanza, "stanza");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    /** Keeps the request, replacing an earlier one from the same requester. */
    void save(Jid owner, Jid requester, StoredRequest request);

    /** Every kept request of the member, by requester's bare JID. */
    Map<Jid, StoredRequest> load(Jid owner);

    /** Forgets the request from {@code requester}, if any: it was answered or withdrawn. */
    void delete(Jid owner, Jid requester);
}
