package io.starling.presence.roster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.presence.PresenceNamespaces;

/**
 * Reads and writes the {@code jabber:iq:roster} payloads of RFC 6121 §2, with roster versioning (RFC 6121 §2.6,
 * formerly XEP-0237). Pure: no I/O, no state beyond its immutable {@link Limits}; safe to share between threads.
 *
 * <p>Parsing takes the {@code <query/>} child of the IQ and throws {@link StanzaErrorException} with the condition
 * the RFC names, so an {@code IqHandler} can let it propagate. Serialising is static; {@link #push(RosterItem,
 * String)} and {@link #pushRemoval(Jid, String)} make the {@code <query/>} of a roster push, which the presence
 * engine sends to each interested resource.
 */
public final class RosterCodec {
    private static final String NS = PresenceNamespaces.ROSTER;

    /**
     * Server-configured bounds on a roster set (RFC 6121 §2.3.3: "a server-configured limit"). Lengths count
     * Unicode code points.
     *
     * @param maxNameLength      the longest 'name' attribute. Default {@value #DEFAULT_MAX_NAME_LENGTH}
     * @param maxGroupNameLength the longest {@code <group/>} text. Default {@value #DEFAULT_MAX_GROUP_NAME_LENGTH}
     * @param maxGroupsPerItem   the most {@code <group/>} elements on one item; the RFC sets no bound, we do
     *                           (bounded everything). Default {@value #DEFAULT_MAX_GROUPS_PER_ITEM}
     */
    public record Limits(int maxNameLength, int maxGroupNameLength, int maxGroupsPerItem) {
        public static final int DEFAULT_MAX_NAME_LENGTH = 1023;
        public static final int DEFAULT_MAX_GROUP_NAME_LENGTH = 1023;
        public static final int DEFAULT_MAX_GROUPS_PER_ITEM = 100;

        public Limits {
            if (maxNameLength < 1 || maxGroupNameLength < 1 || maxGroupsPerItem < 1) {
                throw new IllegalArgumentException("roster limits must be positive: " + maxNameLength + ", "
                        + maxGroupNameLength + ", " + maxGroupsPerItem);
            }
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_GROUP_NAME_LENGTH, DEFAULT_MAX_GROUPS_PER_ITEM);
        }
    }

    private final Limits limits;

    public RosterCodec(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Parses a roster get.
     *
     * @throws StanzaErrorException {@code bad-request} if the query carries items (RFC 6121 §2.1.3: the query of a
     *                              roster get MUST NOT contain any {@code <item/>})
     */
    public RosterQuery parseGet(XmlElement query) {
        requireQuery(query);
        if (!children(query, "item").isEmpty()) {
            throw error(StanzaErrorCondition.BAD_REQUEST, "a roster get carries no <item/>");
        }
        return new RosterQuery(query.attribute("ver"));
    }

    /**
     * Parses and validates a roster set (RFC 6121 §2.1.5, error cases of §2.3.3, which §2.4.3 applies to updates;
     * §2.5 for removal).
     *
     * @throws StanzaErrorException {@code bad-request} for zero or several items, a missing 'jid', a JID with a
     *                              resource, or duplicate groups; {@code jid-malformed} for an invalid 'jid';
     *                              {@code not-acceptable} for an empty or too long group, a too long name or too
     *                              many groups
     */
    public RosterSet parseSet(XmlElement query) {
        requireQuery(query);
        List<XmlElement> items = children(query, "item");
        // RFC 6121 §2.3.3: MUST return bad-request if the query contains more than one <item/>; §2.1.5: a roster
        // set has exactly one, so none is as malformed.
        if (items.size() != 1) {
            throw error(StanzaErrorCondition.BAD_REQUEST, "a roster set carries exactly one <item/>");
        }
        XmlElement item = items.get(0);
        Jid contact = contact(item.attribute("jid"));
        // RFC 6121 §2.1.2.5: in a roster set the server MUST ignore every 'subscription' value but "remove".
        // §2.1.2.2 and §2.1.2.1: 'ask' and 'approved' are the server's to set, so they are ignored too.
        if ("remove".equals(item.attribute("subscription"))) {
            return new RosterSet.Remove(contact);
        }
        return new RosterSet.Update(contact, name(item.attribute("name")), groups(item));
    }

    /** RFC 6121 §2.1.2.3: 'jid' is REQUIRED; our rosters are keyed by bare JID ({@link RosterItem}). */
    private static Jid contact(String value) {
        if (value == null) {
            throw error(StanzaErrorCondition.BAD_REQUEST, "the <item/> needs a 'jid'");
        }
        Jid jid;
        try {
            jid = Jid.parse(value);
        } catch (JidFormatException e) {
            // RFC 6120 §8.3.3.8: an address that violates RFC 7622 is jid-malformed.
            throw error(StanzaErrorCondition.JID_MALFORMED, "invalid 'jid': " + e.getMessage());
        }
        if (!jid.isBare()) {
            // RFC 6121 does not speak to full JIDs in a roster; subscriptions (§3) are between bare JIDs, and
            // silently stripping the resource would push back an item the client never asked for.
            throw error(StanzaErrorCondition.BAD_REQUEST, "a roster item's 'jid' is a bare JID");
        }
        return jid;
    }

    /** RFC 6121 §2.1.2.4: 'name' is OPTIONAL; an empty one means no name. */
    private String name(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        // RFC 6121 §2.3.3: MUST return not-acceptable if 'name' is longer than a server-configured limit.
        if (length(value) > limits.maxNameLength()) {
            throw error(StanzaErrorCondition.NOT_ACCEPTABLE, "'name' longer than " + limits.maxNameLength());
        }
        return value;
    }

    /** RFC 6121 §2.1.2.6 groups, checked against §2.3.3. */
    private Set<String> groups(XmlElement item) {
        List<XmlElement> elements = children(item, "group");
        if (elements.size() > limits.maxGroupsPerItem()) {
            throw error(StanzaErrorCondition.NOT_ACCEPTABLE, "more than " + limits.maxGroupsPerItem() + " groups");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (XmlElement group : elements) {
            String text = group.text();
            // RFC 6121 §2.3.3: MUST return not-acceptable for a <group/> of zero length ...
            if (text.isEmpty()) {
                throw error(StanzaErrorCondition.NOT_ACCEPTABLE, "empty <group/>");
            }
            // ... or one longer than a server-configured limit ...
            if (length(text) > limits.maxGroupNameLength()) {
                throw error(StanzaErrorCondition.NOT_ACCEPTABLE,
                        "<group/> longer than " + limits.maxGroupNameLength());
            }
            // ... and bad-request if the item contains duplicate groups.
            if (!groups.add(text)) {
                throw error(StanzaErrorCondition.BAD_REQUEST, "duplicate <group/>");
            }
        }
        return groups;
    }

    /**
     * One roster item as the server reports it (RFC 6121 §2.1.2): 'jid', 'name' if any, 'subscription' always,
     * {@code ask='subscribe'} in a "Pending Out" state (§2.1.2.2: the server SHOULD include it),
     * {@code approved='true'} for a pre-approval (§2.1.2.1, §3.4), and the groups in sorted order.
     */
    public static XmlElement item(RosterItem item) {
        XmlElement.Builder b = XmlElement.builder(NS, "item")
                .attribute("jid", item.contact().toString())
                .attribute("name", item.name() == null || item.name().isEmpty() ? null : item.name())
                .attribute("subscription", item.state().subscription().wireName())
                .attribute("ask", item.state().pendingOut() ? "subscribe" : null)
                .attribute("approved", item.approved() ? "true" : null);
        for (String group : new TreeSet<>(item.groups())) {
            b.textChild("group", group);
        }
        return b.build();
    }

    /** The item of a removal push (RFC 6121 §2.5.2): {@code <item jid='…' subscription='remove'/>}. */
    public static XmlElement removedItem(Jid contact) {
        return XmlElement.builder(NS, "item")
                .attribute("jid", contact.toString())
                .attribute("subscription", "remove")
                .build();
    }

    /**
     * The {@code <query/>} of a roster result (RFC 6121 §2.1.4): every listed item, in the collection's order.
     * Unlisted items (pending inbound requests from strangers, §3.1.3) are bookkeeping and are skipped.
     *
     * @param ver the roster version (§2.6.3), or {@code null} when the client did not ask for versioning
     */
    public static XmlElement query(Collection<RosterItem> items, String ver) {
        XmlElement.Builder b = XmlElement.builder(NS, "query").attribute("ver", ver);
        for (RosterItem item : items) {
            if (item.listed()) {
                b.child(item(item));
            }
        }
        return b.build();
    }

    /** The {@code <query/>} of a roster push for an added or changed item (RFC 6121 §2.1.6: exactly one item). */
    public static XmlElement push(RosterItem item, String ver) {
        return XmlElement.builder(NS, "query").attribute("ver", ver).child(item(item)).build();
    }

    /** The {@code <query/>} of a roster push for a removed item (RFC 6121 §2.5.2). */
    public static XmlElement pushRemoval(Jid contact, String ver) {
        return XmlElement.builder(NS, "query").attribute("ver", ver).child(removedItem(contact)).build();
    }

    private static void requireQuery(XmlElement query) {
        if (!query.is(NS, "query")) {
            throw new IllegalArgumentException("not a roster query: " + query.namespace() + " " + query.name());
        }
    }

    private static List<XmlElement> children(XmlElement parent, String name) {
        List<XmlElement> out = new ArrayList<>(2);
        for (XmlElement e : parent.elements()) {
            if (e.is(NS, name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static StanzaErrorException error(StanzaErrorCondition condition, String text) {
        return new StanzaErrorException(condition, text);
    }
}
