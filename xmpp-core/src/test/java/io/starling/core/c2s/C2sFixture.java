package io.starling.core.c2s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.C2sConfig;
import io.starling.core.iq.IqDispatcher;
import io.starling.core.iq.PingHandler;
import io.starling.core.sasl.AuthThrottle;
import io.starling.core.sasl.SaslMechanisms;
import io.starling.core.session.LocalRouter;
import io.starling.core.session.LocalSessionRegistry;
import io.starling.core.session.RouteOutcome;
import io.starling.core.session.Router;
import io.starling.core.session.Session;
import io.starling.core.spi.Backlog;
import io.starling.core.spi.CloseReason;
import io.starling.core.spi.DeliveryFallback;
import io.starling.core.spi.InboundGuard;
import io.starling.core.spi.SessionListener;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.InMemoryCredentialSource;

/**
 * A c2s context over the real router and registry, for sessions driven through {@link TestConnection}s: accounts
 * alice, bob and carol (password {@link #PASSWORD}) on example.com; the delivery fallback records what it takes and
 * completes when the test says (by default at once), like offline storage committing.
 */
final class C2sFixture {
    static final String DOMAIN = "example.com";
    static final String PASSWORD = "pw";

    final LocalSessionRegistry registry = new LocalSessionRegistry(10);
    final ResumptionRegistry resumptions = new ResumptionRegistry();
    final LeftoverRoutings leftovers = new LeftoverRoutings();
    /** Messages the router handed to the fallback (no session could take them), in order. */
    final List<Stanza> fallback = new CopyOnWriteArrayList<>();
    /** Session ends as listeners heard them. */
    final List<CloseReason> closed = new CopyOnWriteArrayList<>();
    /** While non-null, the fallback answers with this stage instead of completing at once. */
    volatile CompletableFuture<Void> fallbackStage;
    final C2sContext context;

    C2sFixture() {
        this(60, 10, 5);
    }

    C2sFixture(int resumeSeconds, int maxUnacked, int requestEvery) {
        C2sConfig config = new C2sConfig("127.0.0.1", 5222, 0, false, 65536, 32, 64, Duration.ofSeconds(90),
                Duration.ofMinutes(10), Duration.ofSeconds(30), 10, Duration.ofSeconds(resumeSeconds), maxUnacked,
                requestEvery);
        AuthConfig auth = new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 1, 16);
        InMemoryCredentialSource credentials = new InMemoryCredentialSource()
                .add("alice", PASSWORD).add("bob", PASSWORD).add("carol", PASSWORD);
        Set<String> accounts = Set.of("alice", "bob", "carol");
        DeliveryFallback recording = message -> {
            fallback.add(message);
            CompletableFuture<Void> stage = fallbackStage;
            return stage != null ? stage.thenApply(v -> RouteOutcome.STORED) : RouteOutcome.STORED.asStage();
        };
        Router router = new LocalRouter(DOMAIN, registry,
                bare -> CompletableFuture.completedFuture(accounts.contains(bare.local())),
                new IqDispatcher(Map.of(PingHandler.KEY, new PingHandler())), recording, InboundGuard.ALLOW_ALL);
        SessionListener listener = new SessionListener() {
            @Override
            public void closed(Session session, CloseReason reason) {
                closed.add(reason);
            }
        };
        context = new C2sContext(DOMAIN, config, auth, new SaslMechanisms(credentials, auth), null,
                new AuthThrottle(auth), registry, router, List.of(), List.of(listener), List.of(), Backlog.NONE,
                resumptions, leftovers);
    }

    /** Every connection made, so that each operation can run all their loops. */
    private final List<TestConnection> connections = new ArrayList<>();

    /** Finishes every connection, releasing what the server wrote and nobody read. */
    void close() {
        connections.forEach(TestConnection::finish);
    }

    /** A new connection from a client; not yet negotiated. */
    TestConnection connect() {
        return new TestConnection(context, connections);
    }

    /** A connection authenticated as {@code user} and bound to {@code resource}, its output read. */
    TestConnection login(String user, String resource) {
        TestConnection c = connect().authenticate(user);
        c.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        c.awaitOutput("</iq>");
        c.take();
        return c;
    }

    /** The stanzas the fallback took: their bodies, in order. */
    List<String> fallbackBodies() {
        return fallback.stream().map(s -> s.element().element("body") == null ? null
                : s.element().element("body").text()).toList();
    }
}
