package io.starling.core.xml;

/** Serializes element trees. Placeholder until the streaming writer lands. */
public final class XmlWriter {
    private XmlWriter() {
    }

    /** The element as a standalone XML string, declaring its default namespace. */
    public static String toXml(XmlElement element) {
        StringBuilder sb = new StringBuilder();
        write(element, "", sb);
        return sb.toString();
    }

    private static void write(XmlElement e, String parentNs, StringBuilder sb) {
        sb.append('<').append(e.name());
        if (!e.namespace().equals(parentNs)) {
            sb.append(" xmlns='").append(e.namespace()).append('\'');
        }
        for (XmlAttribute a : e.attributes()) {
            sb.append(' ').append(a.namespace().equals(XmlElement.XML_NS) ? "xml:" : "").append(a.name())
                    .append("='").append(a.value().replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;"))
                    .append('\'');
        }
        sb.append('>');
        for (XmlNode n : e.children()) {
            if (n instanceof XmlElement c) {
                write(c, e.namespace(), sb);
            } else if (n instanceof XmlText t) {
                sb.append(t.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
            }
        }
        sb.append("</").append(e.name()).append('>');
    }
}
