package io.starling.presence.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlWriter;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.SubscriptionRequestRepository;
import io.starling.presence.roster.SubscriptionRequestRepository.StoredRequest;
import io.starling.presence.store.PresenceStoreException;

/**
 * Subscription requests kept whole until answered (RFC 6121 §3.1.3: "the contact's server MUST keep a record of the
 * complete presence stanza comprising the subscription request, including any extended content contained therein"),
 * and delivered again, as they came, when the member next becomes available. Runs on the member's stripe.
 */
final class PendingRequests {
    private static final Logger LOG = LoggerFactory.getLogger(PendingRequests.class);
    /**
     * Kept requests passed the c2s limits when they arrived; reading them back allows a little more (a c2s limit
     * lowered since) rather than lose their content.
     */
    private static final XmlLimits STORED = XmlLimits.defaults().withMaxStanzaBytes(4 * 1024 * 1024)
            .withMaxDepth(64).withMaxAttributes(256);

    private final String domain;
    private final SubscriptionRequestRepository requests;
    private final XmlElementParser parser;
    private final Clock clock;

    PendingRequests(String domain, SubscriptionRequestRepository requests, XmlParserFactory parsers, Clock clock) {
        this.domain = domain;
        this.requests = requests;
        this.parser = new XmlElementParser(parsers, STORED);
        this.clock = clock;
    }

    /** Keeps the request as routed to the member ({@code from} the requester's bare JID), replacing an older one. */
    void keep(MemberState m, Stanza request) {
        requests.save(m.bare, request.from().asBare(),
                new StoredRequest(XmlWriter.toXml(request.element()), clock.instant()));
    }

    /** The member answered, or the requester withdrew: nothing left to deliver. */
    void forget(MemberState m, Jid requester) {
        requests.delete(m.bare, requester);
    }

    /**
     * Each request still pending, for delivery to a session that just became available: the kept stanza with
     * {@code from} the requester's bare JID and a XEP-0203 {@code <delay/>} saying when it arrived. A pending
     * request kept before V2 of the schema, or whose row is gone or no longer parses, goes out bare.
     */
    List<Stanza> pending(MemberState m, List<RosterItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Map<Jid, StoredRequest> kept = load(m.bare);
        List<Stanza> out = new ArrayList<>(items.size());
        for (RosterItem item : items) {
            StoredRequest stored = kept.get(item.contact());
            Stanza request = stored == null ? null : decode(stored, item.contact());
            out.add(request != null ? request.withFrom(item.contact()).withTo(m.bare)
                    : Stanza.build(Stanza.Kind.PRESENCE, m.bare, item.contact(), "subscribe", null, List.of()));
        }
        return out;
    }

    private Map<Jid, StoredRequest> load(Jid member) {
        try {
            return requests.load(member);
        } catch (PresenceStoreException e) {
            LOG.error("kept subscription requests of a member could not be read; delivering them bare", e);
            return Map.of();
        }
    }

    private Stanza decode(StoredRequest stored, Jid requester) {
        try {
            Stanza request = Stanza.of(parser.parse(stored.stanza()));
            if (request.kind() != Stanza.Kind.PRESENCE || !"subscribe".equals(request.type())) {
                throw new IllegalArgumentException("not a subscription request");
            }
            return Stanza.of(request.element().withChild(delay(stored.receivedAt())));
        } catch (RuntimeException e) {
            LOG.error("a kept subscription request from {} no longer parses; delivering it bare", requester, e);
            return null;
        }
    }

    /** XEP-0203 §4: {@code <delay xmlns='urn:xmpp:delay' from='domain' stamp='UTC'/>}. */
    private XmlElement delay(Instant at) {
        return XmlElement.builder(PresenceNamespaces.DELAY, "delay")
                .attribute("from", domain)
                .attribute("stamp", at.truncatedTo(ChronoUnit.MILLIS).toString())
                .build();
    }
}
