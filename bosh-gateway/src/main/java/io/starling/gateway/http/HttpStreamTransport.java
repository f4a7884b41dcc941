package io.starling.gateway.http;

import io.starling.core.c2s.StreamTransport;
import io.starling.core.xml.XmlElement;

/**
 * A client stream carried over HTTP (BOSH, WebSocket): TLS, if any, is the HTTP connection's (HTTPS, or a proxy in
 * front of the gateway), so there is no STARTTLS, and no channel binding either, since a proxy may terminate the
 * client's TLS and the tls-server-end-point binding would then describe the wrong certificate.
 */
public interface HttpStreamTransport extends StreamTransport {
    @Override
    default boolean channelBindingPossible() {
        return false;
    }

    @Override
    default boolean canStartTls() {
        return false;
    }

    @Override
    default void startTls(XmlElement proceed) {
        throw new UnsupportedOperationException("no STARTTLS over HTTP transports (XEP-0206, RFC 7395 §3.1)");
    }
}
