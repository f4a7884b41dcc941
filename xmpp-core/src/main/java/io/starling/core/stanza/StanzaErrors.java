package io.starling.core.stanza;

import io.starling.core.xml.XmlAttribute;
import io.starling.core.xml.XmlElement;

/** Builds RFC 6120 §8.3 error stanzas and §4.9 stream error elements. */
public final class StanzaErrors {
    private StanzaErrors() {
    }

    /** The error reply to any stanza-shaped element, even one whose addresses did not parse. */
    public static XmlElement reply(XmlElement original, StanzaErrorCondition condition, String text) {
        return reply(original, condition, condition.defaultType(), text, null);
    }

    /**
     * The error reply with an explicit error type and, optionally, an application-specific condition element
     * (RFC 6120 §8.3.2), such as XEP-0191's {@code <blocked xmlns='urn:xmpp:blocking:errors'/>}.
     *
     * @param applicationCondition an element outside the stanza-errors namespace, or {@code null}
     */
    public static XmlElement reply(XmlElement original, StanzaErrorCondition condition, StanzaErrorType type,
                                   String text, XmlElement applicationCondition) {
        XmlElement.Builder b = XmlElement.builder(original.namespace(), original.name())
                .attribute("type", "error")
                .attribute("id", original.attribute("id"))
                .attribute("to", original.attribute("from"))
                .attribute("from", original.attribute("to"));
        String lang = original.attribute(XmlElement.XML_NS, "lang");
        if (lang != null) {
            b.attribute(new XmlAttribute(XmlElement.XML_NS, "lang", lang));
        }
        return b.child(errorElement(original.namespace(), condition, type, text, applicationCondition)).build();
    }

    /** {@code <error type='…'><condition xmlns='…stanzas'/><text>…</text></error>}. */
    public static XmlElement errorElement(String stanzaNamespace, StanzaErrorCondition condition, String text) {
        return errorElement(stanzaNamespace, condition, condition.defaultType(), text, null);
    }

    /**
     * {@code <error type='…'><condition xmlns='…stanzas'/><text>…</text><app-condition/></error>}: RFC 6120 §8.3.2
     * puts the defined condition first, then the optional text, then the optional application-specific condition,
     * which MUST be qualified by a namespace other than the stanza-errors one.
     *
     * @param applicationCondition the application-specific condition element, or {@code null}
     * @throws IllegalArgumentException if the application-specific condition is in the stanza-errors namespace
     */
    public static XmlElement errorElement(String stanzaNamespace, StanzaErrorCondition condition,
                                          StanzaErrorType type, String text, XmlElement applicationCondition) {
        if (applicationCondition != null && Namespaces.STANZA_ERRORS.equals(applicationCondition.namespace())) {
            throw new IllegalArgumentException("an application-specific condition needs its own namespace");
        }
        XmlElement.Builder error = XmlElement.builder(stanzaNamespace, "error")
                .attribute("type", type.wireName())
                .child(Namespaces.STANZA_ERRORS, condition.wireName());
        if (text != null && !text.isEmpty()) {
            error.child(XmlElement.builder(Namespaces.STANZA_ERRORS, "text").text(text).build());
        }
        if (applicationCondition != null) {
            error.child(applicationCondition);
        }
        return error.build();
    }

    /** {@code <stream:error><condition xmlns='…streams'/><text>…</text></stream:error>}. */
    public static XmlElement streamError(StreamErrorCondition condition, String text) {
        XmlElement.Builder error = XmlElement.builder(Namespaces.STREAMS, "error")
                .child(Namespaces.STREAM_ERRORS, condition.wireName());
        if (text != null && !text.isEmpty()) {
            error.child(XmlElement.builder(Namespaces.STREAM_ERRORS, "text").text(text).build());
        }
        return error.build();
    }
}
