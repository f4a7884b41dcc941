package io.starling.core.xml;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.starling.core.stanza.Namespaces;

/**
 * Serializes {@link XmlElement} trees, either standalone to a string or as part of a stream straight into a
 * {@link ByteBuf} as UTF-8 (RFC 6120 §11.6), without intermediate strings.
 *
 * <p>Namespaces: an element declares {@code xmlns='…'} only where its namespace differs from its parent's (for a
 * top-level stream element: from the stream's default namespace). Elements in the streams namespace
 * ({@code features}, {@code error}) are written with the {@code stream:} prefix, which the stream header binds
 * (RFC 6120 §4.8.5). A top-level stanza in a stanza namespace other than the stream's ({@code jabber:client} routed
 * onto a {@code jabber:server} stream) is written in the stream's namespace, and so are its descendants in the
 * same namespace (RFC 6120 §4.8.3, §8). Attributes in other namespaces get a generated prefix.
 *
 * <p>Escaping: text escapes {@code & < >} and {@code \r} (which a parser would otherwise normalize away);
 * attribute values also escape {@code ' "} and {@code \t \n} (which attribute-value normalization would turn into
 * spaces). Characters XML 1.0 cannot carry (controls other than tab, LF, CR; U+FFFE, U+FFFF; lone surrogates) are
 * replaced by U+FFFD so that the output is always well-formed.
 */
public final class XmlWriter {
    private static final String XML_DECLARATION = "<?xml version='1.0'?>";
    private static final String STREAM_CLOSE = "</stream:stream>";
    private static final String REPLACEMENT = "\uFFFD";

    private final XmlOutput out;
    /** A stanza namespace written as {@link #remapTo}, or null. */
    private final String remapFrom;
    private final String remapTo;

    private XmlWriter(XmlOutput out, String remapFrom, String remapTo) {
        this.out = out;
        this.remapFrom = remapFrom;
        this.remapTo = remapTo;
    }

    /** The element as a standalone XML string, declaring its namespaces. */
    public static String toXml(XmlElement element) {
        StringBuilder sb = new StringBuilder(128);
        toXml(element, sb);
        return sb.toString();
    }

    /** Appends the element as standalone XML, declaring its namespaces. */
    public static void toXml(XmlElement element, StringBuilder sb) {
        new XmlWriter(XmlOutput.of(sb), null, null).element(element, "", false);
    }

    /**
     * Writes a top-level element of a stream whose header declared {@code streamDefaultNamespace} as the default
     * namespace and bound the {@code stream} prefix.
     *
     * @param streamDefaultNamespace the stream's content namespace, or {@code null} if unknown (every top-level
     *                               element then declares its namespace)
     */
    public static void write(XmlElement element, String streamDefaultNamespace, ByteBuf out) {
        String streamNs = streamDefaultNamespace == null ? "" : streamDefaultNamespace;
        String ns = element.namespace();
        boolean rewrite = !ns.equals(streamNs) && Namespaces.isStanzaNamespace(ns)
                && Namespaces.isStanzaNamespace(streamNs) && isStanzaName(element.name());
        new XmlWriter(XmlOutput.of(out), rewrite ? ns : null, streamNs).element(element, streamNs, true);
    }

    /** The opening of an outbound stream, XML declaration included. */
    public static String streamHeader(StreamHeader header) {
        StringBuilder sb = new StringBuilder(256);
        new XmlWriter(XmlOutput.of(sb), null, null).header(header);
        return sb.toString();
    }

    /** Writes the opening of an outbound stream, XML declaration included. */
    public static void streamHeader(StreamHeader header, ByteBuf out) {
        new XmlWriter(XmlOutput.of(out), null, null).header(header);
    }

    /** {@code </stream:stream>}. */
    public static String streamClose() {
        return STREAM_CLOSE;
    }

    public static void streamClose(ByteBuf out) {
        XmlOutput.of(out).ascii(STREAM_CLOSE);
    }

    /** {@code s} escaped as an attribute value, for callers that assemble XML by hand (the load generator). */
    public static String escapeAttribute(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        appendEscaped(s, true, sb);
        return sb.toString();
    }

    /** Appends {@code s} escaped as text ({@code attribute} false) or as an attribute value. */
    static void appendEscaped(CharSequence s, boolean attribute, StringBuilder sb) {
        escape(s, attribute, XmlOutput.of(sb));
    }

    private static boolean isStanzaName(String name) {
        return name.equals("message") || name.equals("presence") || name.equals("iq");
    }

    private void header(StreamHeader h) {
        out.ascii(XML_DECLARATION);
        out.ascii("<stream:stream");
        attribute("xmlns", h.defaultNamespace());
        attribute("xmlns:stream", Namespaces.STREAMS);
        attribute("from", h.from());
        attribute("to", h.to());
        attribute("id", h.id());
        attribute("version", h.version());
        attribute("xml:lang", h.lang());
        out.ascii('>');
    }

    private void element(XmlElement e, String parentDefault, boolean streamPrefixBound) {
        String ns = e.namespace().equals(remapFrom) ? remapTo : e.namespace();
        boolean streamPrefixed = Namespaces.STREAMS.equals(ns);
        String childDefault = parentDefault;
        out.ascii('<');
        if (streamPrefixed) {
            out.ascii("stream:");
        }
        out.text(e.name());
        if (streamPrefixed) {
            if (!streamPrefixBound) {
                attribute("xmlns:stream", Namespaces.STREAMS);
                streamPrefixBound = true;
            }
        } else {
            if (!ns.equals(parentDefault)) {
                attribute("xmlns", ns);
            }
            childDefault = ns;
        }
        attributes(e.attributes(), streamPrefixBound);
        List<XmlNode> children = e.children();
        if (children.isEmpty()) {
            out.ascii("/>");
            return;
        }
        out.ascii('>');
        for (XmlNode child : children) {
            if (child instanceof XmlElement c) {
                element(c, childDefault, streamPrefixBound);
            } else {
                escape(((XmlText) child).text(), false, out);
            }
        }
        out.ascii("</");
        if (streamPrefixed) {
            out.ascii("stream:");
        }
        out.text(e.name());
        out.ascii('>');
    }

    private void attributes(List<XmlAttribute> attributes, boolean streamPrefixBound) {
        int generated = 0;
        for (int i = 0; i < attributes.size(); i++) {
            XmlAttribute a = attributes.get(i);
            String ns = a.namespace();
            out.ascii(' ');
            if (ns.isEmpty()) {
                out.text(a.name());
            } else if (ns.equals(XmlElement.XML_NS)) {
                out.ascii("xml:");
                out.text(a.name());
            } else if (ns.equals(Namespaces.STREAMS) && streamPrefixBound) {
                out.ascii("stream:");
                out.text(a.name());
            } else {
                String prefix = "ns" + generated++;
                out.ascii("xmlns:");
                out.ascii(prefix);
                out.ascii("='");
                escape(ns, true, out);
                out.ascii("' ");
                out.ascii(prefix);
                out.ascii(':');
                out.text(a.name());
            }
            out.ascii("='");
            escape(a.value(), true, out);
            out.ascii('\'');
        }
    }

    /** Writes {@code name='value'} with a leading space, or nothing for a null value. */
    private void attribute(String name, String value) {
        if (value != null) {
            out.ascii(' ');
            out.ascii(name);
            out.ascii("='");
            escape(value, true, out);
            out.ascii('\'');
        }
    }

    private static void escape(CharSequence s, boolean attribute, XmlOutput out) {
        int length = s.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > '>' && c < Character.MIN_SURROGATE) {
                continue; // the common case: nothing to escape
            }
            String replacement;
            if (c >= 0x20) {
                replacement = switch (c) {
                    case '&' -> "&amp;";
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '\'' -> attribute ? "&apos;" : null;
                    case '"' -> attribute ? "&quot;" : null;
                    case '\uFFFE', '\uFFFF' -> REPLACEMENT;
                    default -> null;
                };
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a valid pair: written as one four-byte character
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    replacement = REPLACEMENT;
                }
            } else {
                replacement = switch (c) {
                    case '\t' -> attribute ? "&#9;" : null;
                    case '\n' -> attribute ? "&#10;" : null;
                    case '\r' -> "&#13;";
                    default -> REPLACEMENT;
                };
            }
            if (replacement != null) {
                out.text(s, start, i);
                out.text(replacement);
                start = i + 1;
            }
        }
        out.text(s, start, length);
    }
}
