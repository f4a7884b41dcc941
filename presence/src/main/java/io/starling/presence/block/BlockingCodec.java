package io.starling.presence.block;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.stanza.StanzaErrorType;
import io.starling.core.xml.XmlElement;
import io.starling.presence.PresenceNamespaces;

/**
 * Reads and writes the {@code urn:xmpp:blocking} payloads of XEP-0191 (version 1.3). Pure and stateless.
 *
 * <p>Parsing takes the IQ's payload element and throws {@link StanzaErrorException} for a malformed request, so an
 * {@code IqHandler} can let it propagate. A payload outside the blocking namespace is a programming error
 * ({@link IllegalArgumentException}): the IQ dispatcher routes by namespace. Serialised items are sorted by JID so
 * that output does not depend on set iteration order.
 */
public final class BlockingCodec {
    private static final String NS = PresenceNamespaces.BLOCKING;

    private BlockingCodec() {
    }

    /**
     * Checks an IQ-get payload: only {@code <blocklist/>} asks for something (§3.2).
     *
     * @throws StanzaErrorException {@code bad-request} for {@code <block/>} or {@code <unblock/>}, which are IQ-set
     *                              commands
     */
    public static void parseGet(XmlElement payload) {
        requireBlocking(payload);
        if (!"blocklist".equals(payload.name())) {
            throw new StanzaErrorException(StanzaErrorCondition.BAD_REQUEST, "<" + payload.name() + "/> is an IQ-set");
        }
    }

    /**
     * Parses an IQ-set payload: {@code <block/>} (§3.3) or {@code <unblock/>} (§3.4, or §3.5 when empty).
     * Duplicate JIDs collapse.
     *
     * @throws StanzaErrorException {@code bad-request} for a {@code <block/>} without items, an item without 'jid',
     *                              or a {@code <blocklist/>} (an IQ-get); {@code jid-malformed} for an invalid
     *                              'jid'
     */
    public static BlockingCommand parseSet(XmlElement payload) {
        requireBlocking(payload);
        switch (payload.name()) {
            case "block" -> {
                Set<Jid> jids = items(payload);
                // XEP-0191 §3.3: a <block/> without at least one <item/> MUST get bad-request.
                if (jids.isEmpty()) {
                    throw new StanzaErrorException(StanzaErrorCondition.BAD_REQUEST, "<block/> needs an <item/>");
                }
                return new BlockingCommand.Block(jids);
            }
            case "unblock" -> {
                Set<Jid> jids = items(payload);
                // XEP-0191 §3.5: an empty <unblock/> unblocks every JID.
                return jids.isEmpty() ? new BlockingCommand.UnblockAll() : new BlockingCommand.Unblock(jids);
            }
            default -> throw new StanzaErrorException(StanzaErrorCondition.BAD_REQUEST,
                    "<" + payload.name() + "/> is not a blocking command");
        }
    }

    private static Set<Jid> items(XmlElement command) {
        Set<Jid> jids = new LinkedHashSet<>();
        for (XmlElement item : command.elements()) {
            if (!item.is(NS, "item")) {
                continue;
            }
            String value = item.attribute("jid");
            if (value == null) {
                // XEP-0191 §10.1 (schema): 'jid' is required on <item/>.
                throw new StanzaErrorException(StanzaErrorCondition.BAD_REQUEST, "an <item/> needs a 'jid'");
            }
            try {
                jids.add(Jid.parse(value));
            } catch (JidFormatException e) {
                // RFC 6120 §8.3.3.8, which XEP-0191 §3.3 applies ("other standard XMPP stanza errors also apply").
                throw new StanzaErrorException(StanzaErrorCondition.JID_MALFORMED, "invalid 'jid': " + e.getMessage());
            }
        }
        return jids;
    }

    /** The result of a blocklist request (§3.2): one item per entry, or an empty {@code <blocklist/>}. */
    public static XmlElement blocklist(BlockList list) {
        return withItems("blocklist", list.entries());
    }

    /**
     * The push that tells the user's other interested resources about a command (§3.3, §3.4, §3.5):
     * {@code <block>} or {@code <unblock>} with the command's items, or an empty {@code <unblock/>} for unblock-all.
     */
    public static XmlElement push(BlockingCommand command) {
        // Java 17 has no pattern switch; the interface is sealed, so these three are all there is.
        if (command instanceof BlockingCommand.Block block) {
            return withItems("block", block.jids());
        }
        if (command instanceof BlockingCommand.Unblock unblock) {
            return withItems("unblock", unblock.jids());
        }
        if (command instanceof BlockingCommand.UnblockAll) {
            return XmlElement.builder(NS, "unblock").build();
        }
        throw new IllegalArgumentException("no blocking command: " + command); // null: never unblock-all by default
    }

    /**
     * The application-specific condition {@code <blocked xmlns='urn:xmpp:blocking:errors'/>} that goes with
     * {@code not-acceptable} when the user sends to a JID they blocked (§3.3).
     */
    public static XmlElement blockedError() {
        return XmlElement.builder(PresenceNamespaces.BLOCKING_ERRORS, "blocked").build();
    }

    /**
     * The error reply to a stanza the user sent to a blocked JID: XEP-0191 §3.3 says the server MUST NOT route it
     * and MUST return {@code not-acceptable} with {@link #blockedError()}; the type is {@code cancel}, as in the
     * XEP's example (resending will not help). The caller must not answer an error or an IQ response.
     */
    public static Stanza blockedReply(Stanza outbound) {
        return outbound.errorReply(StanzaErrorCondition.NOT_ACCEPTABLE, StanzaErrorType.CANCEL, null,
                blockedError());
    }

    private static XmlElement withItems(String name, Collection<Jid> jids) {
        List<Jid> sorted = new ArrayList<>(jids);
        sorted.sort(Comparator.comparing(Jid::toString));
        XmlElement.Builder b = XmlElement.builder(NS, name);
        for (Jid jid : sorted) {
            b.child(XmlElement.builder(NS, "item").attribute("jid", jid.toString()).build());
        }
        return b.build();
    }

    private static void requireBlocking(XmlElement payload) {
        if (!NS.equals(payload.namespace())) {
            throw new IllegalArgumentException("not a blocking payload: " + payload.namespace());
        }
    }
}
