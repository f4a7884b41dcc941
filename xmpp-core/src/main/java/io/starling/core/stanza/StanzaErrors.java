package io.starling.core.stanza;

import io.starling.core.xml.XmlAttribute;
import io.starling.core.xml.XmlElement;

/** Builds RFC 6120 §8.3 error stanzas and §4.9 stream error elements. */
public final class StanzaErrors {
    private StanzaErrors() {
    }

    /** The error reply to any stanza-shaped element, even one whose addresses did not parse. */
    public static XmlElement reply(XmlElement original, StanzaErrorCondition condition, String text) {
        XmlElement.Builder b = XmlElement.builder(original.namespace(), original.name())
                .attribute("type", "error")
                .attribute("id", original.attribute("id"))
                .attribute("to", original.attribute("from"))
                .attribute("from", original.attribute("to"));
        String lang = original.attribute(XmlElement.XML_NS, "lang");
        if (lang != null) {
            b.attribute(new XmlAttribute(XmlElement.XML_NS, "lang", lang));
        }
        return b.child(errorElement(original.namespace(), condition, text)).build();
    }

    /** {@code <error type='…'><condition xmlns='…stanzas'/><text>…</text></error>}. */
    public static XmlElement errorElement(String stanzaNamespace, StanzaErrorCondition condition, String text) {
        XmlElement.Builder error = XmlElement.builder(stanzaNamespace, "error")
                .attribute("type", condition.defaultType().wireName())
                .child(Namespaces.STANZA_ERRORS, condition.wireName());
        if (text != null && !text.isEmpty()) {
            error.child(XmlElement.builder(Namespaces.STANZA_ERRORS, "text").text(text).build());
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
