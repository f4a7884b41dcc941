package io.starling.core.c2s;

/**
 * What a client's stream header said (RFC 6120 §4.7).
 *
 * @param namespace        namespace of the root element (must be the streams namespace)
 * @param localName        local name of the root element (must be "stream")
 * @param defaultNamespace the content namespace declared on it (must be jabber:client)
 * @param prefixValid      whether the streams namespace was bound to the prefix "stream" (§4.8.5)
 * @param to               'to', or null
 * @param from             'from', or null
 * @param version          'version', or null
 * @param lang             'xml:lang', or null
 */
public record InboundStreamHeader(String namespace, String localName, String defaultNamespace, boolean prefixValid,
                                  String to, String from, String version, String lang) {
}
