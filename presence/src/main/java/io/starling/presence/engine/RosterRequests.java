package io.starling.presence.engine;

import java.util.ArrayList;
import java.util.List;

import io.starling.core.session.Session;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.presence.roster.RosterCodec;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.RosterSet;

/** Roster get and set (RFC 6121 §2.2–§2.5, XEP-0237 versioning); on the member's stripe. */
final class RosterRequests {
    private final RosterWriter writer;
    private final Subscriptions subscriptions;
    private final int maxRosterItems;

    RosterRequests(RosterWriter writer, Subscriptions subscriptions, int maxRosterItems) {
        this.writer = writer;
        this.subscriptions = subscriptions;
        this.maxRosterItems = maxRosterItems;
    }

    /**
     * RFC 6121 §2.2: the listed items; the asking session becomes interested. Versioning (RFC 6121 §2.6, formerly
     * XEP-0237): a client that supports it says so by including 'ver' (§2.6.2), and only then does the result carry
     * the current version (§2.6.3); if the client already has that version, the result is empty (changes would come
     * as pushes; there are none).
     *
     * @param clientVersion the 'ver' the client sent, possibly empty; null when it sent none
     */
    Stanza get(MemberState m, Session session, Stanza iq, String clientVersion) {
        ResourceState rs = session == null ? null : m.resources.get(session);
        if (rs != null) {
            rs.rosterInterested = true;
        }
        String current = RosterWriter.version(m);
        if (current.equals(clientVersion)) {
            return iq.iqResult(null);
        }
        List<RosterItem> listed = new ArrayList<>(m.roster.size());
        for (RosterItem item : m.roster.values()) {
            if (item.listed()) {
                listed.add(item);
            }
        }
        return iq.iqResult(RosterCodec.query(listed, clientVersion == null ? null : current));
    }

    /** RFC 6121 §2.3–§2.5: add, update or remove one item; the result, pushes to interested resources. */
    Stanza set(MemberState m, Stanza iq, RosterSet command) {
        if (command.contact().equals(m.bare)) {
            throw new StanzaErrorException(StanzaErrorCondition.NOT_ALLOWED, "your own JID cannot be a contact");
        }
        if (command instanceof RosterSet.Update update) {
            RosterItem current = m.item(update.contact());
            if (!current.listed() && m.listedCount() >= maxRosterItems) {
                // RFC 6121 §2.3.3: the roster is at its maximum size.
                throw new StanzaErrorException(StanzaErrorCondition.NOT_ALLOWED,
                        "the roster is full (" + maxRosterItems + " items)");
            }
            writer.write(m, current.withNameAndGroups(update.name(), update.groups()));
        } else {
            RosterItem current = m.roster.get(command.contact());
            if (current == null || !current.listed()) {
                // RFC 6121 §2.5.3: removing an item that is not in the roster.
                throw new StanzaErrorException(StanzaErrorCondition.ITEM_NOT_FOUND, "no such roster item");
            }
            subscriptions.cancelAll(m, command.contact());
            writer.remove(m, command.contact());
        }
        return iq.iqResult((XmlElement) null);
    }
}
