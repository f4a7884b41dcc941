package io.starling.core.xml;

import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLStreamReader;

import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;

/**
 * Builds immutable {@link XmlElement} trees from the events of a namespace-aware StAX reader, one top-level element
 * at a time. Adjacent character data (text split across reads, CDATA sections) is coalesced into one
 * {@link XmlText}; names are resolved to namespace URIs; {@code xml:lang} becomes an attribute in
 * {@link XmlElement#XML_NS}. Enforces {@link XmlLimits#maxDepth()} and {@link XmlLimits#maxAttributes()}.
 *
 * <p>Depth here is relative to the builder: the element it starts with is depth 1. The stream parser feeds it the
 * children of {@code <stream:stream>}; a framed transport (RFC 7395, one document per WebSocket message) can feed it
 * whole documents. Not thread-safe; it keeps nothing between top-level elements.
 */
public final class XmlTreeBuilder {
    private final int maxDepth;
    private final int maxAttributes;
    private final ArrayList<Frame> stack = new ArrayList<>(4);
    private StringBuilder text;

    public XmlTreeBuilder(XmlLimits limits) {
        this.maxDepth = limits.maxDepth();
        this.maxAttributes = limits.maxAttributes();
    }

    /** The number of open elements; 0 between top-level elements. */
    public int depth() {
        return stack.size();
    }

    /** Handles {@code START_ELEMENT}. */
    public void startElement(XMLStreamReader reader) {
        if (stack.size() >= maxDepth) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                    "element nesting deeper than " + maxDepth);
        }
        checkAttributeCount(reader, maxAttributes);
        if (!stack.isEmpty()) {
            flushText(stack.get(stack.size() - 1));
        }
        stack.add(new Frame(nonNull(reader.getNamespaceURI()), reader.getLocalName(), attributes(reader)));
    }

    /** Handles {@code CHARACTERS}, {@code CDATA} and {@code SPACE} inside an element. */
    public void characters(XMLStreamReader reader) {
        int length = reader.getTextLength();
        if (length == 0) {
            return;
        }
        if (text == null) {
            text = new StringBuilder(Math.max(16, length));
        }
        text.append(reader.getTextCharacters(), reader.getTextStart(), length);
    }

    /** Handles {@code END_ELEMENT}; returns the finished element if it was a top-level one, else {@code null}. */
    public XmlElement endElement() {
        Frame frame = stack.remove(stack.size() - 1);
        flushText(frame);
        XmlElement element = frame.build();
        if (stack.isEmpty()) {
            text = null;
            return element;
        }
        stack.get(stack.size() - 1).child(element);
        return null;
    }

    /** Forgets any partly built element. */
    public void clear() {
        stack.clear();
        text = null;
    }

    /** Throws {@code policy-violation} if the element has more attributes and namespace declarations than allowed. */
    static void checkAttributeCount(XMLStreamReader reader, int max) {
        if (reader.getAttributeCount() + reader.getNamespaceCount() > max) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                    "more than " + max + " attributes on <" + reader.getLocalName() + ">");
        }
    }

    /** The attributes of the current start tag, namespace declarations left out. */
    static List<XmlAttribute> attributes(XMLStreamReader reader) {
        int count = reader.getAttributeCount();
        if (count == 0) {
            return List.of();
        }
        XmlAttribute[] out = new XmlAttribute[count];
        for (int i = 0; i < count; i++) {
            out[i] = new XmlAttribute(nonNull(reader.getAttributeNamespace(i)), reader.getAttributeLocalName(i),
                    reader.getAttributeValue(i));
        }
        return List.of(out);
    }

    static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private void flushText(Frame frame) {
        if (text != null && text.length() > 0) {
            frame.child(new XmlText(text.toString()));
            text.setLength(0);
        }
    }

    /** One open element. */
    private static final class Frame {
        private final String namespace;
        private final String name;
        private final List<XmlAttribute> attributes;
        private List<XmlNode> children = List.of();

        Frame(String namespace, String name, List<XmlAttribute> attributes) {
            this.namespace = namespace;
            this.name = name;
            this.attributes = attributes;
        }

        void child(XmlNode node) {
            if (children.isEmpty()) {
                children = new ArrayList<>(4);
            }
            children.add(node);
        }

        XmlElement build() {
            return new XmlElement(namespace, name, attributes, children);
        }
    }
}
