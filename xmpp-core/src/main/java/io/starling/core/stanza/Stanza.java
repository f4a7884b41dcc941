package io.starling.core.stanza;

import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;
import io.starling.core.xml.XmlElement;

/**
 * An immutable message, presence or IQ stanza (RFC 6120 §8) over its element, with the addresses parsed once.
 * {@link #withFrom} and {@link #withTo} return copies.
 */
public final class Stanza {
    /** The three stanza kinds. */
    public enum Kind {
        MESSAGE, PRESENCE, IQ;

        public static Kind of(String elementName) {
            return switch (elementName) {
                case "message" -> MESSAGE;
                case "presence" -> PRESENCE;
                case "iq" -> IQ;
                default -> null;
            };
        }
    }

    private final Kind kind;
    private final XmlElement element;
    private final Jid to;
    private final Jid from;

    private Stanza(Kind kind, XmlElement element, Jid to, Jid from) {
        this.kind = kind;
        this.element = element;
        this.to = to;
        this.from = from;
    }

    /**
     * Wraps an element read from a stream.
     *
     * @throws StanzaErrorException {@code jid-malformed} if 'to' or 'from' is not a valid JID (RFC 6120 §8.3.3.8),
     *                              {@code bad-request} if the element is no stanza
     */
    public static Stanza of(XmlElement element) {
        Kind kind = Kind.of(element.name());
        if (kind == null) {
            throw new StanzaErrorException(StanzaErrorCondition.BAD_REQUEST, "not a stanza: " + element.name());
        }
        try {
            String to = element.attribute("to");
            String from = element.attribute("from");
            return new Stanza(kind, element, to == null ? null : Jid.parse(to), from == null ? null : Jid.parse(from));
        } catch (JidFormatException e) {
            throw new StanzaErrorException(StanzaErrorCondition.JID_MALFORMED, e.getMessage());
        }
    }

    public Kind kind() {
        return kind;
    }

    public XmlElement element() {
        return element;
    }

    public Jid to() {
        return to;
    }

    public Jid from() {
        return from;
    }

    public String id() {
        return element.attribute("id");
    }

    /** The 'type' attribute, or {@code null}. */
    public String type() {
        return element.attribute("type");
    }

    public boolean isError() {
        return "error".equals(type());
    }

    public boolean isIqRequest() {
        String type = type();
        return kind == Kind.IQ && ("get".equals(type) || "set".equals(type));
    }

    public boolean isIqResponse() {
        String type = type();
        return kind == Kind.IQ && ("result".equals(type) || "error".equals(type));
    }

    /** The first child element (the IQ payload), or {@code null}. */
    public XmlElement payload() {
        List<XmlElement> children = element.elements();
        return children.isEmpty() ? null : children.get(0);
    }

    public Stanza withFrom(Jid newFrom) {
        return new Stanza(kind, element.withAttribute("from", newFrom == null ? null : newFrom.toString()), to, newFrom);
    }

    public Stanza withTo(Jid newTo) {
        return new Stanza(kind, element.withAttribute("to", newTo == null ? null : newTo.toString()), newTo, from);
    }

    /** An IQ result to this request, optionally with a payload. */
    public Stanza iqResult(XmlElement resultPayload) {
        XmlElement.Builder b = XmlElement.builder(element.namespace(), "iq")
                .attribute("type", "result")
                .attribute("id", id())
                .attribute("to", from == null ? null : from.toString())
                .attribute("from", to == null ? null : to.toString());
        if (resultPayload != null) {
            b.child(resultPayload);
        }
        return new Stanza(Kind.IQ, b.build(), from, to);
    }

    /**
     * The error reply to this stanza (RFC 6120 §8.3.1): addresses swapped, type "error", the condition with its
     * default type. The caller must not answer a stanza that is itself an error (§8.3.1, rule 1).
     */
    public Stanza errorReply(StanzaErrorCondition condition, String text) {
        return new Stanza(kind, StanzaErrors.reply(element, condition, text), from, to);
    }

    /**
     * Like {@link #errorReply(StanzaErrorCondition, String)} with an explicit error type and an optional
     * application-specific condition element (RFC 6120 §8.3.2), e.g. XEP-0191's {@code <blocked/>}.
     */
    public Stanza errorReply(StanzaErrorCondition condition, StanzaErrorType type, String text,
                             XmlElement applicationCondition) {
        return new Stanza(kind, StanzaErrors.reply(element, condition, type, text, applicationCondition), from, to);
    }

    /** Builds a stanza element from scratch; attribute values may be null to omit them. */
    public static Stanza build(Kind kind, Jid to, Jid from, String type, String id, List<XmlElement> children) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.CLIENT, kind.name().toLowerCase(java.util.Locale.ROOT))
                .attribute("to", to == null ? null : to.toString())
                .attribute("from", from == null ? null : from.toString())
                .attribute("type", type)
                .attribute("id", id);
        for (XmlElement child : children) {
            b.child(child);
        }
        return new Stanza(kind, b.build(), to, from);
    }

    /** The 'xml:lang' attribute, or {@code null}. */
    public String lang() {
        return element.attribute(XmlElement.XML_NS, "lang");
    }

    @Override
    public String toString() {
        return element.toString();
    }
}
