package io.starling.core.xml;

/**
 * The end of a stream: inbound, {@link XmlStreamDecoder} emits it when {@code </stream:stream>} arrives (RFC 6120
 * §4.4); outbound, {@link XmlStreamEncoder} writes it as {@code </stream:stream>}.
 */
public enum StreamClose {
    INSTANCE
}
