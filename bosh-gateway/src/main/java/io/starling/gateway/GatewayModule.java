package io.starling.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContext;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.starling.core.c2s.C2sContext;
import io.starling.core.net.EventLoops;
import io.starling.core.net.TcpListener;
import io.starling.core.session.UserDirectory;
import io.starling.core.spi.HttpEndpoint;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.gateway.api.BearerKeys;
import io.starling.gateway.bosh.BoshRoute;
import io.starling.gateway.bosh.BoshSessions;
import io.starling.gateway.http.Cors;
import io.starling.gateway.http.EndpointAdapter;
import io.starling.gateway.http.HttpChannelInitializer;
import io.starling.gateway.http.HttpListenerSetup;
import io.starling.gateway.http.HttpRoute;
import io.starling.gateway.notify.ApiKeys;
import io.starling.gateway.notify.IdempotencyRepository;
import io.starling.gateway.notify.NotificationEndpoint;
import io.starling.gateway.notify.NotificationServices;
import io.starling.gateway.notify.StanzaEndpoint;
import io.starling.gateway.prebind.PrebindEndpoint;
import io.starling.gateway.websocket.WebSocketRoute;

/**
 * The HTTP front door: a public listener (plain and TLS) serving BOSH at {@code /http-bind} and WebSocket at
 * {@code /xmpp-websocket}, and an internal one serving the endpoints modules contribute (and prebind). Built by
 * the composition root once the client-session context exists; {@link #start} binds the listeners.
 */
public final class GatewayModule implements AutoCloseable {
    private final GatewayConfig config;
    private final GatewayContext context;
    private final HashedWheelTimer timer;
    private final BoshRoute bosh;
    private final WebSocketRoute websocket;
    private final List<HttpEndpoint> endpoints;
    private final List<TcpListener> listeners = new ArrayList<>();
    private TcpListener plain;
    private TcpListener secure;
    private TcpListener internal;

    /**
     * @param users     whether a member exists (prebind)
     * @param endpoints   the endpoints modules contributed; the gateway adds its own (prebind, notifications)
     * @param idempotency where the notification API remembers idempotency keys
     */
    public GatewayModule(GatewayConfig config, C2sContext c2s, XmlParserFactory parsers, UserDirectory users,
                         List<HttpEndpoint> endpoints, IdempotencyRepository idempotency) {
        this.config = config;
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("starling-http-timer", true),
                100, TimeUnit.MILLISECONDS, 512);
        XmlLimits limits = new XmlLimits(c2s.config().maxStanzaBytes(), c2s.config().maxDepth() + 1,
                c2s.config().maxAttributes(), false);
        this.context = new GatewayContext(c2s, config, parsers, limits, timer);
        this.bosh = new BoshRoute(context);
        this.websocket = new WebSocketRoute(context);
        List<HttpEndpoint> all = new ArrayList<>(endpoints);
        if (!config.prebindKeyList().isEmpty()) {
            all.add(new PrebindEndpoint(c2s.domain(), new BearerKeys(config.prebindKeyList()), users,
                    bosh.sessions()));
        }
        if (!config.apiKeys().isEmpty()) {
            ApiKeys keys = new ApiKeys(config.apiKeys());
            XmlElementParser elements = new XmlElementParser(parsers, limits);
            all.add(new NotificationEndpoint(c2s.domain(), keys, elements, idempotency,
                    new NotificationServices(users, c2s.router())));
            all.add(new StanzaEndpoint(keys, elements, c2s.config().maxStanzaBytes(), c2s.router(),
                    idempotency));
        }
        this.endpoints = List.copyOf(all);
    }

    public GatewayContext context() {
        return context;
    }

    /** The BOSH sessions: prebind ({@link BoshSessions#prebind}). */
    public BoshSessions boshSessions() {
        return bosh.sessions();
    }

    /** Binds the configured listeners on the server's event loops; {@code ssl} serves the TLS port. */
    public void start(EventLoops loops, SslContext ssl) {
        bosh.sessions().start(loops.workers());
        // Clients write the BOSH path with and without the trailing slash (Smack's examples use "/http-bind/").
        Map<String, HttpRoute> routes = Map.of(BoshRoute.PATH, bosh, BoshRoute.PATH + "/", bosh,
                WebSocketRoute.PATH, websocket);
        if (config.port() != 0) {
            plain = listen(loops, "http", config.bindAddress(), config.port(),
                    setup("http", routes, HttpEndpoint.Listener.PUBLIC, null));
        }
        if (config.tlsPort() != 0) {
            secure = listen(loops, "https", config.bindAddress(), config.tlsPort(),
                    setup("https", routes, HttpEndpoint.Listener.PUBLIC, ssl));
        }
        if (config.internalPort() != 0) {
            internal = listen(loops, "http-internal", config.internalBindAddress(), config.internalPort(),
                    setup("http-internal", Map.of(), HttpEndpoint.Listener.INTERNAL, null));
        }
    }

    private HttpListenerSetup setup(String name, Map<String, HttpRoute> routes, HttpEndpoint.Listener listener,
                                    SslContext ssl) {
        Map<String, List<EndpointAdapter>> byPath = new HashMap<>();
        for (HttpEndpoint e : endpoints) {
            if (e.listener() == listener) {
                byPath.computeIfAbsent(e.path(), p -> new ArrayList<>()).add(new EndpointAdapter(e));
            }
        }
        Cors cors = new Cors(listener == HttpEndpoint.Listener.PUBLIC ? config.corsOriginList() : List.of());
        return new HttpListenerSetup(name, routes, byPath, cors, addresses(config.securePlainFromList()),
                config.maxBodyBytes(), config.maxHeaderBytes(), config.maxRequestsPerConnection(),
                config.connectionIdleTimeout(), ssl);
    }

    private static Set<InetAddress> addresses(List<String> literals) {
        Set<InetAddress> result = new HashSet<>();
        for (String literal : literals) {
            try {
                result.add(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("gateway.secure-plain-from: not an address: " + literal, e);
            }
        }
        return result;
    }

    private TcpListener listen(EventLoops loops, String name, String address, int port, HttpListenerSetup setup) {
        TcpListener l = TcpListener.bind(name, loops, address, port, new HttpChannelInitializer(setup));
        listeners.add(l);
        return l;
    }

    /** The public plain-HTTP port, 0 when off. */
    public int port() {
        return plain == null ? 0 : plain.port();
    }

    public int tlsPort() {
        return secure == null ? 0 : secure.port();
    }

    public int internalPort() {
        return internal == null ? 0 : internal.port();
    }

    /** Stops accepting connections; sessions end with the server's shutdown of every session. */
    public void stopListening() {
        listeners.forEach(TcpListener::close);
        listeners.clear();
    }

    @Override
    public void close() {
        stopListening();
        bosh.close();
        timer.stop();
    }
}
