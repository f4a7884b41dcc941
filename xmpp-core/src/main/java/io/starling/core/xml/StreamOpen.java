package io.starling.core.xml;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.starling.core.stanza.Namespaces;

/**
 * The opening tag of an inbound stream (RFC 6120 §4.7), as {@link XmlStreamDecoder} read it. The decoder checks
 * only well-formedness; the stream state machine judges the rest (§4.8: {@code invalid-namespace},
 * {@code bad-namespace-prefix}, {@code unsupported-version}, {@code host-unknown}).
 *
 * @param namespace        the namespace URI of the root element; must be {@link Namespaces#STREAMS}
 * @param localName        the root element's local name; must be {@code stream}
 * @param prefix           the root element's prefix, empty for none
 * @param defaultNamespace the default namespace declared on the root ({@code jabber:client}, {@code jabber:server},
 *                         {@code jabber:component:accept}), empty if none
 * @param namespaces       every namespace declaration on the root, prefix ({@code ""} for the default) to URI
 * @param attributes       the root's attributes in document order; {@code xml:lang} has namespace
 *                         {@link XmlElement#XML_NS}
 */
public record StreamOpen(String namespace, String localName, String prefix, String defaultNamespace,
                         Map<String, String> namespaces, List<XmlAttribute> attributes) {
    public StreamOpen {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(localName, "localName");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(defaultNamespace, "defaultNamespace");
        namespaces = Map.copyOf(namespaces);
        attributes = List.copyOf(attributes);
    }

    /**
     * True if the root is {@code <stream:stream>} in the streams namespace with the conventional prefix. RFC 6120
     * §4.8.5 lets a receiver accept only the {@code stream} prefix; otherwise answer {@code bad-namespace-prefix}.
     */
    public boolean prefixCorrect() {
        return "stream".equals(prefix) && Namespaces.STREAMS.equals(namespace) && "stream".equals(localName);
    }

    /** The value of an unqualified root attribute, or {@code null}. */
    public String attribute(String name) {
        for (XmlAttribute a : attributes) {
            if (a.namespace().isEmpty() && a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    public String to() {
        return attribute("to");
    }

    public String from() {
        return attribute("from");
    }

    public String id() {
        return attribute("id");
    }

    public String version() {
        return attribute("version");
    }

    /** The {@code xml:lang} attribute, or {@code null}. */
    public String lang() {
        for (XmlAttribute a : attributes) {
            if (a.namespace().equals(XmlElement.XML_NS) && a.name().equals("lang")) {
                return a.value();
            }
        }
        return null;
    }
}
