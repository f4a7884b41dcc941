package io.starling.core.testing;

import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

/** Stanza builders for tests. */
public final class Stanzas {
    private Stanzas() {
    }

    public static Stanza message(String from, String to, String type, String body) {
        return Stanza.build(Stanza.Kind.MESSAGE, to == null ? null : Jid.parse(to), Jid.parse(from), type, "m1",
                List.of(XmlElement.builder(Namespaces.CLIENT, "body").text(body).build()));
    }

    public static Stanza iq(String from, String to, String type, XmlElement payload) {
        return Stanza.build(Stanza.Kind.IQ, to == null ? null : Jid.parse(to), Jid.parse(from), type, "q1",
                payload == null ? List.of() : List.of(payload));
    }

    public static Stanza presence(String from, String to, String type) {
        return Stanza.build(Stanza.Kind.PRESENCE, to == null ? null : Jid.parse(to), Jid.parse(from), type, null,
                List.of());
    }

    /** The defined-condition name of an error stanza, or null. */
    public static String errorCondition(Stanza stanza) {
        XmlElement error = stanza.element().element(stanza.element().namespace(), "error");
        if (error == null) {
            return null;
        }
        for (XmlElement child : error.elements()) {
            if (Namespaces.STANZA_ERRORS.equals(child.namespace()) && !"text".equals(child.name())) {
                return child.name();
            }
        }
        return null;
    }
}
