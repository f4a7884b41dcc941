package io.starling.core.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable XML element: a namespace URI, a local name, attributes in document order and child nodes.
 * Instances cross threads freely; every "with" method returns a copy. Prefixes are not kept: the serializer picks
 * them (a default namespace declaration wherever the namespace changes).
 */
public final class XmlElement implements XmlNode {
    public static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    private final String namespace;
    private final String name;
    private final List<XmlAttribute> attributes;
    private final List<XmlNode> children;

    public XmlElement(String namespace, String name, List<XmlAttribute> attributes, List<XmlNode> children) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.attributes = List.copyOf(attributes);
        this.children = List.copyOf(children);
    }

    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public boolean is(String namespace, String name) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    public List<XmlAttribute> attributes() {
        return attributes;
    }

    public List<XmlNode> children() {
        return children;
    }

    /** The value of an unqualified attribute, or {@code null}. */
    public String attribute(String attributeName) {
        return attribute("", attributeName);
    }

    public String attribute(String attributeNamespace, String attributeName) {
        for (XmlAttribute a : attributes) {
            if (a.name().equals(attributeName) && a.namespace().equals(attributeNamespace)) {
                return a.value();
            }
        }
        return null;
    }

    /** Child elements only, in order. */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>(children.size());
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The first child element with this namespace and name, or {@code null}. */
    public XmlElement element(String childNamespace, String childName) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.is(childNamespace, childName)) {
                return e;
            }
        }
        return null;
    }

    /** The first child element with this name in this element's own namespace, or {@code null}. */
    public XmlElement element(String childName) {
        return element(namespace, childName);
    }

    /** Concatenated character data of the direct text children. */
    public String text() {
        StringBuilder sb = null;
        String single = null;
        for (XmlNode n : children) {
            if (n instanceof XmlText t) {
                if (single == null) {
                    single = t.text();
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(single);
                    }
                    sb.append(t.text());
                }
            }
        }
        return sb != null ? sb.toString() : single == null ? "" : single;
    }

    public XmlElement withAttribute(String attributeName, String value) {
        List<XmlAttribute> copy = new ArrayList<>(attributes.size() + 1);
        boolean replaced = false;
        for (XmlAttribute a : attributes) {
            if (a.namespace().isEmpty() && a.name().equals(attributeName)) {
                if (value != null) {
                    copy.add(XmlAttribute.of(attributeName, value));
                }
                replaced = true;
            } else {
                copy.add(a);
            }
        }
        if (!replaced && value != null) {
            copy.add(XmlAttribute.of(attributeName, value));
        }
        return new XmlElement(namespace, name, copy, children);
    }

    public XmlElement withNamespace(String newNamespace) {
        return newNamespace.equals(namespace) ? this : new XmlElement(newNamespace, name, attributes, children);
    }

    public XmlElement withChildren(List<XmlNode> newChildren) {
        return new XmlElement(namespace, name, attributes, newChildren);
    }

    public XmlElement withChild(XmlNode child) {
        List<XmlNode> copy = new ArrayList<>(children.size() + 1);
        copy.addAll(children);
        copy.add(child);
        return new XmlElement(namespace, name, attributes, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XmlElement e && e.name.equals(name) && e.namespace.equals(namespace)
                && e.attributes.equals(attributes) && e.children.equals(children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, attributes, children);
    }

    @Override
    public String toString() {
        return XmlWriter.toXml(this);
    }

    /** Mutable builder; not thread-safe, build once. */
    public static final class Builder {
        private final String namespace;
        private final String name;
        private final List<XmlAttribute> attributes = new ArrayList<>(4);
        private final List<XmlNode> children = new ArrayList<>(2);

        private Builder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        /** Adds an unqualified attribute; a null value adds nothing. */
        public Builder attribute(String attributeName, String value) {
            if (value != null) {
                attributes.add(XmlAttribute.of(attributeName, value));
            }
            return this;
        }

        public Builder attribute(XmlAttribute attribute) {
            attributes.add(attribute);
            return this;
        }

        public Builder child(XmlNode child) {
            children.add(child);
            return this;
        }

        /** Adds an empty child element in the given namespace. */
        public Builder child(String childNamespace, String childName) {
            children.add(new XmlElement(childNamespace, childName, List.of(), List.of()));
            return this;
        }

        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                children.add(new XmlText(text));
            }
            return this;
        }

        /** Adds {@code <name>text</name>} in this element's namespace, if text is not null. */
        public Builder textChild(String childName, String text) {
            if (text != null) {
                children.add(XmlElement.builder(namespace, childName).text(text).build());
            }
            return this;
        }

        public XmlElement build() {
            return new XmlElement(namespace, name, attributes, children);
        }
    }
}
