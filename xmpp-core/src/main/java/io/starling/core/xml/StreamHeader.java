package io.starling.core.xml;

import java.util.Objects;

/**
 * The opening of an outbound stream (RFC 6120 §4.7): {@link XmlWriter#streamHeader} and {@link XmlStreamEncoder}
 * turn it into {@code <?xml version='1.0'?><stream:stream xmlns='…' xmlns:stream='…' …>}. Null attributes are
 * left out.
 *
 * @param defaultNamespace the content namespace, e.g. {@code jabber:client}
 * @param from             the responding entity's domain, or {@code null}
 * @param to               the initiating entity's address, or {@code null}
 * @param id               the stream id (RFC 6120 §4.7.3), or {@code null}
 * @param version          {@code "1.0"} normally, or {@code null}
 * @param lang             the default language of the stream ({@code xml:lang}), or {@code null}
 */
public record StreamHeader(String defaultNamespace, String from, String to, String id, String version, String lang) {
    public StreamHeader {
        Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    }
}
