package io.starling.loadtest.session;

import io.starling.core.xml.XmlElement;

/** Reading stanza errors (RFC 6120 §8.3). */
public final class Stanzas {
    static final String NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private Stanzas() {
    }

    /** The defined condition of a {@code type='error'} stanza, or {@code undefined-condition}. */
    public static String errorCondition(XmlElement stanza) {
        XmlElement error = stanza.element(stanza.namespace(), "error");
        if (error == null) {
            error = stanza.element("error");
        }
        if (error != null) {
            for (XmlElement child : error.elements()) {
                if (NS_STANZAS.equals(child.namespace()) && !child.name().equals("text")) {
                    return child.name();
                }
            }
        }
        return "undefined-condition";
    }
}
