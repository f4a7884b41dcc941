package io.starling.presence.testing;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamDecoder;
import io.starling.core.xml.XmlWriter;

/**
 * Puts elements through the server's real writer and stream decoder, as they would cross a c2s connection, so that
 * tests see exactly what a peer would read (escaping included).
 */
public final class WireXml {
    private static final XmlParserFactory PARSERS = new XmlParserFactory();
    private static final String STREAM_OPEN = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

    private WireXml() {
    }

    /** Parses one top-level element (written in the stream's {@code jabber:client} default namespace). */
    public static XmlElement parse(String xml) {
        EmbeddedChannel channel = new EmbeddedChannel(new XmlStreamDecoder(PARSERS, XmlLimits.defaults()));
        try {
            channel.writeInbound(Unpooled.copiedBuffer(STREAM_OPEN + xml, StandardCharsets.UTF_8));
            channel.checkException();
            for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
                if (msg instanceof XmlElement element) {
                    return element;
                }
            }
            throw new AssertionError("the decoder produced no element for: " + xml);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Serialises the element and parses it back. */
    public static XmlElement roundTrip(XmlElement element) {
        return parse(XmlWriter.toXml(element));
    }
}
