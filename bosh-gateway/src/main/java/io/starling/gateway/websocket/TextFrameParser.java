package io.starling.gateway.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * Turns the payload of one WebSocket text message into the one element it carries (RFC 7395 §3.3.3: each message
 * is exactly one complete top-level element, parsable on its own). The element goes through the same parser, RFC
 * 6120 §11 restrictions and {@link XmlLimits} as a TCP stream; every fault is a {@link StreamErrorException} with
 * the condition TCP would give. Stateless and thread-safe.
 */
final class TextFrameParser {
    private final XmlElementParser parser;
    private final int maxBytes;

    TextFrameParser(XmlParserFactory parsers, XmlLimits limits) {
        this.parser = new XmlElementParser(parsers, limits);
        this.maxBytes = limits.maxStanzaBytes();
    }

    /**
     * @return the element, or null for a message of whitespace only (a client's keepalive: tolerated, though RFC
     *         7395 §3.4 asks for WebSocket pings instead)
     * @throws StreamErrorException policy-violation past the stanza size limit; not-well-formed for invalid UTF-8,
     *                              broken XML, or anything but exactly one element; restricted-xml for a DTD,
     *                              comment, processing instruction or entity reference (RFC 6120 §11.1)
     */
    XmlElement parse(ByteBuf payload) {
        if (payload.readableBytes() > maxBytes) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                    "message larger than " + maxBytes + " bytes");
        }
        String text = decode(payload);
        int start = firstNonWhitespace(text);
        if (start == text.length()) {
            return null;
        }
        // Inside the parser's synthetic stream these would be mere syntax errors; they are restricted XML.
        if (text.startsWith("<!", start)) {
            throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML,
                    "DTD or comment not allowed (RFC 6120 §11.1)");
        }
        if (text.startsWith("<?", start)) {
            throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML,
                    "processing instruction not allowed (RFC 6120 §11.1)");
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof StreamErrorException cause) {
                throw cause;
            }
            throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED,
                    "a message must hold exactly one element (RFC 7395 §3.3.3)");
        }
    }

    /** Strict UTF-8 (RFC 6120 §11.6): Netty's decoder would put U+FFFD in place of bad bytes. */
    private static String decode(ByteBuf payload) {
        ByteBuffer bytes = payload.nioBuffer();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "invalid UTF-8");
        }
    }

    private static int firstNonWhitespace(String text) {
        int i = 0;
        while (i < text.length() && isXmlWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isXmlWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
