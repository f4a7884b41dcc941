package io.starling.core.xml;

import java.util.Objects;

/**
 * One attribute. {@code namespace} is empty for the usual unqualified attribute; {@code xml:lang} has the XML
 * namespace {@link XmlElement#XML_NS}.
 */
public record XmlAttribute(String namespace, String name, String value) {
    public XmlAttribute {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static XmlAttribute of(String name, String value) {
        return new XmlAttribute("", name, value);
    }
}
