package io.starling.gateway.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.handler.ssl.SslContext;

/**
 * What one HTTP listener serves and how: its routes (transports, public listener only), module endpoints by path,
 * CORS, limits, and TLS ({@code sslContext} null for plain HTTP).
 */
public record HttpListenerSetup(String name, Map<String, HttpRoute> routes,
                                Map<String, List<EndpointAdapter>> endpoints, Cors cors,
                                Set<InetAddress> securePlainFrom, int maxBodyBytes, int maxHeaderBytes,
                                int maxRequestsPerConnection, Duration connectionIdleTimeout, SslContext sslContext) {
    public HttpListenerSetup {
        routes = Map.copyOf(routes);
        endpoints = Map.copyOf(endpoints);
        securePlainFrom = Set.copyOf(securePlainFrom);
    }
}
