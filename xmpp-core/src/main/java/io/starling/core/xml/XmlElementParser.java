package io.starling.core.xml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StreamErrorException;

/**
 * Parses one standalone element from a string, as {@link XmlWriter#toXml(XmlElement)} writes it: for stanzas kept
 * as text in a database and read back. No Netty: the string goes through the same {@link XmlStreamParser} (and so
 * the same RFC 6120 §11 restrictions and {@link XmlLimits}) as a stream, behind a synthetic stream header whose
 * default namespace is {@code jabber:client}. Stateless and thread-safe; each call uses a fresh reader from the
 * shared {@link XmlParserFactory}.
 */
public final class XmlElementParser {
    private static final byte[] STREAM_OPEN = ("<stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
            + Namespaces.STREAMS + "'>").getBytes(StandardCharsets.UTF_8);

    private final XmlParserFactory parsers;
    private final XmlLimits limits;

    /**
     * @param limits bounds on the element; hibernation is irrelevant here and ignored
     */
    public XmlElementParser(XmlParserFactory parsers, XmlLimits limits) {
        this.parsers = parsers;
        this.limits = limits.withHibernate(false);
    }

    /**
     * @return the element, its namespace defaulting to {@code jabber:client} when the text declares none
     * @throws IllegalArgumentException if {@code xml} is not exactly one complete, well-formed element (whitespace
     *                                  around it aside) within the limits
     */
    public XmlElement parse(String xml) {
        XmlStreamParser parser = new XmlStreamParser(parsers, limits);
        List<Object> events = new ArrayList<>(2);
        try {
            parser.feed(ByteBuffer.wrap(STREAM_OPEN), events::add);
            parser.feed(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), events::add);
            // Closing the synthetic stream proves the element was complete: an unfinished one fails here.
            parser.feed(ByteBuffer.wrap(XmlWriter.streamClose().getBytes(StandardCharsets.US_ASCII)), events::add);
        } catch (StreamErrorException e) {
            throw new IllegalArgumentException("not a well-formed element: " + e.getMessage(), e);
        } finally {
            parser.close();
        }
        // StreamOpen, the element, StreamClose: anything else is no single element.
        if (events.size() != 3 || !(events.get(1) instanceof XmlElement element)
                || !(events.get(2) instanceof StreamClose)) {
            throw new IllegalArgumentException("expected exactly one complete element, got " + events.size()
                    + " stream events");
        }
        return element;
    }
}
