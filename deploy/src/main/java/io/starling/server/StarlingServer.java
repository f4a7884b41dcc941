package io.starling.server;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.c2s.C2sContext;
import io.starling.core.c2s.LeftoverRoutings;
import io.starling.core.c2s.ResumptionRegistry;
import io.starling.core.c2s.TcpC2sInitializer;
import io.starling.core.component.ComponentInitializer;
import io.starling.core.component.ComponentRegistry;
import io.starling.core.config.CoreConfig;
import io.starling.core.iq.CoreIqModule;
import io.starling.core.iq.IqDispatcher;
import io.starling.core.jid.Jid;
import io.starling.core.net.EventLoops;
import io.starling.core.net.TcpListener;
import io.starling.core.sasl.AuthThrottle;
import io.starling.core.sasl.ChannelBinding;
import io.starling.core.sasl.SaslMechanisms;
import io.starling.core.session.LocalRouter;
import io.starling.core.session.LocalSessionRegistry;
import io.starling.core.session.DeferredRouter;
import io.starling.core.session.Session;
import io.starling.core.session.UserDirectory;
import io.starling.core.spi.CollectedExtensions;
import io.starling.core.spi.ServerModule;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.store.Database;
import io.starling.core.tls.SelfSignedCertificateStore;
import io.starling.core.tls.TlsContextFactory;
import io.starling.core.tls.TlsServerContext;
import io.starling.core.user.AccountDirectory;
import io.starling.core.user.PostgresUserRepository;
import io.starling.core.user.UserService;
import io.starling.core.xml.XmlParserFactory;
import io.starling.gateway.GatewayModule;
import io.starling.gateway.notify.PostgresIdempotencyRepository;
import io.starling.offline.OfflineModule;
import io.starling.offline.store.PostgresOfflineRepository;
import io.starling.presence.PresenceModule;
import io.starling.presence.block.PostgresBlockListRepository;
import io.starling.presence.engine.PresenceEngine;
import io.starling.presence.member.PostgresMemberRepository;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.PostgresSubscriptionRequestRepository;
import io.starling.server.config.StarlingConfig;

/**
 * The composition root: builds every service from the configuration, starts listeners, and shuts down in
 * reverse order. The only place in the code base that calls {@code new} on services.
 */
public final class StarlingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StarlingServer.class);
    /** Shutdown: how long sessions get to end after {@code system-shutdown}. */
    private static final Duration DRAIN = Duration.ofSeconds(3);
    /**
     * Shutdown: how long the messages of ended sessions (unacknowledged stream-management queues) get to be routed
     * again, into offline storage, before the modules stop. Longer than {@link #DRAIN}: each waits for a commit,
     * one after another per session.
     */
    private static final Duration LEFTOVERS_DRAIN = Duration.ofSeconds(10);

    private final Database database;
    private final UserService users;
    private final TlsServerContext tls;
    private final EventLoops loops;
    private final LocalSessionRegistry registry;
    private final List<ServerModule> modules;
    private final OfflineModule offline;
    private final List<TcpListener> listeners = new ArrayList<>();
    private final TcpListener c2s;
    private final TcpListener directTls;
    private final TcpListener componentListener;
    private final ComponentRegistry components;
    private final GatewayModule gateway;
    private final LeftoverRoutings leftovers = new LeftoverRoutings();

    private StarlingServer(StarlingConfig config) throws Exception {
        CoreConfig core = config.core();
        database = Database.open(core.database(), core.dataDir(), List.of("classpath:db/migration/core"));
        users = new UserService(new PostgresUserRepository(database.dataSource()), database.jdbcExecutor(),
                core.auth());
        tls = new TlsContextFactory(core.tls(), new SelfSignedCertificateStore(core.dataDir(), core.domain()))
                .create();
        registry = new LocalSessionRegistry(core.c2s().maxResourcesPerUser());
        UserDirectory directory = new AccountDirectory(users);
        // Modules send through the router, which needs their contributions: bound below, before any connection.
        DeferredRouter moduleRouter = new DeferredRouter();
        XmlParserFactory parsers = new XmlParserFactory();
        PresenceModule presence = new PresenceModule(new PresenceEngine.Services(core.domain(), moduleRouter, registry, directory,
                new PostgresMemberRepository(database.dataSource()), new PostgresRosterRepository(database.dataSource()),
                new PostgresBlockListRepository(database.dataSource()),
                new PostgresSubscriptionRequestRepository(database.dataSource()), parsers),
                config.presence(), List.of(), Clock.systemUTC());
        offline = new OfflineModule(new OfflineModule.Services(core.domain(), registry,
                new PostgresOfflineRepository(database.dataSource()), parsers), config.offline(), Clock.systemUTC());
        // Stopped in reverse: offline after presence, so that messages routed by closing sessions are still stored.
        modules = List.of(new CoreIqModule(Version.current()), offline, presence);
        List<String> migrations = new ArrayList<>();
        for (ServerModule m : modules) {
            if (m.migrationsLocation() != null) {
                migrations.add(m.migrationsLocation());
            }
        }
        migrations.add(PostgresIdempotencyRepository.MIGRATIONS);
        database.migrate(migrations);

        CollectedExtensions extensions = new CollectedExtensions();
        for (ServerModule m : modules) {
            m.contribute(extensions);
        }
        components = new ComponentRegistry(core.components());
        CoreIqModule.contributeDisco(extensions, extensions.discoFeatures(),
                components.domains().stream().map(Jid::domain).toList());

        LocalRouter router = new LocalRouter(core.domain(), registry, directory,
                new IqDispatcher(extensions.iqHandlers()), extensions.deliveryFallback(), extensions.inboundGuard(),
                components);
        C2sContext context = new C2sContext(core.domain(), core.c2s(), core.auth(),
                new SaslMechanisms(users, core.auth()), ChannelBinding.tlsServerEndPoint(tls.certificateDer()),
                new AuthThrottle(core.auth()),
                registry, router, extensions.interceptors(), extensions.sessionListeners(),
                extensions.streamFeatures(), extensions.backlog(), new ResumptionRegistry(), leftovers);
        moduleRouter.bind(router);
        gateway = new GatewayModule(config.gateway(), context, parsers, directory,
                extensions.httpEndpoints(),
                new PostgresIdempotencyRepository(database.dataSource(), database.jdbcExecutor()));

        loops = new EventLoops(Runtime.getRuntime().availableProcessors());
        for (ServerModule m : modules) {
            m.start();
        }
        c2s = listen("c2s", core.c2s().bindAddress(), core.c2s().port(),
                new TcpC2sInitializer(context, parsers, tls.sslContext(), false));
        directTls = core.c2s().directTlsPort() == 0 ? null : listen("c2s-direct-tls", core.c2s().bindAddress(),
                core.c2s().directTlsPort(), new TcpC2sInitializer(context, parsers, tls.sslContext(), true));
        componentListener = core.component().port() == 0 ? null : listen("component",
                core.component().bindAddress(), core.component().port(),
                new ComponentInitializer(components, router, core.domain(), core.c2s(), parsers));
        gateway.start(loops, tls.sslContext());
        LOG.info("Starling {} serving {}", Version.current(), core.domain());
    }

    /** Builds and starts a server; on failure everything started so far is stopped again. */
    public static StarlingServer start(StarlingConfig config) throws Exception {
        return new StarlingServer(config);
    }

    private TcpListener listen(String name, String address, int port, ChannelHandler initializer) {
        TcpListener l = TcpListener.bind(name, loops, address, port, initializer);
        listeners.add(l);
        return l;
    }

    public int c2sPort() {
        return c2s.port();
    }

    /** The XEP-0368 port, or 0 when off. */
    public int directTlsPort() {
        return directTls == null ? 0 : directTls.port();
    }

    /** The XEP-0114 component port, or 0 when off. */
    public int componentPort() {
        return componentListener == null ? 0 : componentListener.port();
    }

    /** The configured components and their connections. */
    public ComponentRegistry components() {
        return components;
    }

    /** The HTTP gateway: its ports. */
    public GatewayModule gateway() {
        return gateway;
    }

    public UserService users() {
        return users;
    }

    public int sessionCount() {
        return registry.size();
    }

    /** The offline-message module, for its queue depth and counters. */
    public OfflineModule offline() {
        return offline;
    }

    /**
     * Graceful stop: no new connections, {@code system-shutdown} to every session (they get {@link #DRAIN} to end),
     * then the messages those sessions could not get acknowledged are routed again (offline storage takes them;
     * waited for up to {@link #LEFTOVERS_DRAIN}), and only then the modules, pools and storage stop.
     */
    @Override
    public void close() {
        LOG.info("shutting down");
        for (TcpListener l : listeners) {
            l.close();
        }
        gateway.stopListening();
        components.closeAll(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        for (Session s : registry.all()) {
            s.close(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        gateway.close();
        awaitLeftovers();
        for (int i = modules.size() - 1; i >= 0; i--) {
            modules.get(i).stop();
        }
        loops.close();
        tls.close();
        users.close();
        database.close();
        LOG.info("stopped");
    }

    /** Until every message routed again by an ended session has been taken (stored), or the timeout. */
    private void awaitLeftovers() {
        try {
            if (!leftovers.awaitNone(LEFTOVERS_DRAIN)) {
                LOG.warn("{} messages of ended sessions still being routed after {} s; stopping anyway",
                        leftovers.inFlight(), LEFTOVERS_DRAIN.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
