package io.starling.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import org.postgresql.ds.PGSimpleDataSource;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.C2sConfig;
import io.starling.core.config.ComponentListenerConfig;
import io.starling.core.config.CoreConfig;
import io.starling.core.config.DatabaseConfig;
import io.starling.core.config.TlsConfig;
import io.starling.core.testing.TestDatabase;
import io.starling.gateway.GatewayConfig;
import io.starling.offline.OfflineConfig;
import io.starling.offline.store.OfflineRepository;
import io.starling.offline.store.PostgresOfflineRepository;
import io.starling.presence.PresenceConfig;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.RosterRepository;
import io.starling.server.StarlingServer;
import io.starling.server.config.StarlingConfig;

/** A real server on loopback with free ports, a fresh database in the shared embedded PostgreSQL. */
public final class TestServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";
    public static final String PASSWORD = "s3cret-Pässword";

    private final StarlingServer server;
    private final StarlingConfig config;

    private TestServer(StarlingServer server, StarlingConfig config) {
        this.server = server;
        this.config = config;
    }

    public static TestServer start() throws Exception {
        return start(defaultAuth());
    }

    public static TestServer start(AuthConfig auth) throws Exception {
        return start(auth, Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    /** A server with its own keepalive, idle and negotiation timers. */
    public static TestServer start(AuthConfig auth, Duration keepalive, Duration idle, Duration negotiation)
            throws Exception {
        return start(auth, keepalive, idle, negotiation, PresenceConfig.defaults(), OfflineConfig.defaults());
    }

    /** A server with its own presence settings (roster size, stripes, offline cache). */
    public static TestServer start(PresenceConfig presence) throws Exception {
        return start(defaultAuth(), Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30), presence,
                OfflineConfig.defaults());
    }

    /** A server with its own offline-message settings (quota, lanes). */
    public static TestServer start(OfflineConfig offline) throws Exception {
        return start(defaultAuth(), Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30),
                PresenceConfig.defaults(), offline);
    }

    /**
     * A server whose test configuration (free loopback ports, a fresh database, the HTTP gateway on free ports with
     * prebind off) {@code customise} changes first: for settings no other factory covers.
     */
    public static TestServer start(UnaryOperator<StarlingConfig> customise) throws Exception {
        C2sConfig defaults = C2sConfig.defaults();
        return start(defaultAuth(), Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30),
                PresenceConfig.defaults(), OfflineConfig.defaults(), defaults.resumeTimeout(),
                defaults.smMaxUnacked(), defaults.smRequestEvery(), customise);
    }

    /** A server with its own XEP-0198 settings: resume timeout, unacknowledged bound, ack request cadence. */
    public static TestServer startWithStreamManagement(Duration resumeTimeout, int maxUnacked, int requestEvery)
            throws Exception {
        return start(defaultAuth(), Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30),
                PresenceConfig.defaults(), OfflineConfig.defaults(), resumeTimeout, maxUnacked, requestEvery,
                UnaryOperator.identity());
    }

    /**
     * A server that drops a client silent for {@code idle} (connection-timeout) and keeps a detached resumable
     * session for {@code resumeTimeout}: for tests of sessions ending by themselves.
     */
    public static TestServer startWithTimeouts(Duration idle, Duration resumeTimeout) throws Exception {
        C2sConfig defaults = C2sConfig.defaults();
        return start(defaultAuth(), Duration.ofSeconds(90), idle, Duration.ofSeconds(30), PresenceConfig.defaults(),
                OfflineConfig.defaults(), resumeTimeout, defaults.smMaxUnacked(), defaults.smRequestEvery(),
                UnaryOperator.identity());
    }

    private static TestServer start(AuthConfig auth, Duration keepalive, Duration idle, Duration negotiation,
                                    PresenceConfig presence, OfflineConfig offline) throws Exception {
        C2sConfig defaults = C2sConfig.defaults();
        return start(auth, keepalive, idle, negotiation, presence, offline, defaults.resumeTimeout(),
                defaults.smMaxUnacked(), defaults.smRequestEvery(), UnaryOperator.identity());
    }

    private static TestServer start(AuthConfig auth, Duration keepalive, Duration idle, Duration negotiation,
                                    PresenceConfig presence, OfflineConfig offline, Duration resumeTimeout,
                                    int maxUnacked, int requestEvery, UnaryOperator<StarlingConfig> customise)
            throws Exception {
        Path dataDir = Files.createTempDirectory("starling-it");
        C2sConfig c2s = new C2sConfig("127.0.0.1", 0, freePort(), true, 64 * 1024, 32, 64, keepalive, idle,
                negotiation, 10, resumeTimeout, maxUnacked, requestEvery);
        CoreConfig core = new CoreConfig(DOMAIN, dataDir, c2s, TlsConfig.defaults(), TestDatabase.freshDatabase(),
                auth, new ComponentListenerConfig("127.0.0.1", freePort()), Map.of());
        GatewayConfig gateway = GatewayConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(freePort(), freePort(), freePort());
        StarlingConfig config = customise.apply(StarlingConfig.defaults().withCore(core).withPresence(presence)
                .withOffline(offline).withGateway(gateway));
        return new TestServer(StarlingServer.start(config), config);
    }

    /**
     * Stops this server and starts a new one on the same database and data directory (the ports change): whatever
     * a member finds afterwards was stored, not remembered.
     */
    public TestServer restart() throws Exception {
        close();
        CoreConfig core = config.core();
        C2sConfig old = core.c2s();
        C2sConfig c2s = new C2sConfig(old.bindAddress(), 0, freePort(), old.tlsRequired(), old.maxStanzaBytes(),
                old.maxDepth(), old.maxAttributes(), old.keepaliveInterval(), old.idleTimeout(),
                old.negotiationTimeout(), old.maxResourcesPerUser(), old.resumeTimeout(), old.smMaxUnacked(),
                old.smRequestEvery());
        GatewayConfig gateway = config.gateway().withPorts(freePort(), freePort(), freePort());
        StarlingConfig restarted = config.withCore(new CoreConfig(core.domain(), core.dataDir(), c2s, core.tls(),
                core.database(), core.auth(), new ComponentListenerConfig(core.component().bindAddress(), freePort()),
                core.components())).withGateway(gateway);
        return new TestServer(StarlingServer.start(restarted), restarted);
    }

    private static AuthConfig defaultAuth() {
        return new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024);
    }

    /**
     * A port free now, below the kernel's ephemeral range (32768 and up on Linux): a port the kernel handed out
     * for a moment is soon reused for outgoing connections of parallel tests, and the server's bind then fails.
     * Also for a test's own listeners (a browser test's page server).
     */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port found between 20000 and 32000");
    }

    public StarlingServer server() {
        return server;
    }

    public int port() {
        return server.c2sPort();
    }

    /** The XEP-0114 component port. */
    public int componentPort() {
        return server.componentPort();
    }

    /** The gateway's public plain-HTTP port (BOSH at /http-bind, WebSocket at /xmpp-websocket). */
    public int httpPort() {
        return server.gateway().port();
    }

    public int httpsPort() {
        return server.gateway().tlsPort();
    }

    /** The gateway's internal port (prebind, module endpoints). */
    public int internalPort() {
        return server.gateway().internalPort();
    }

    /** The configuration this server runs with. */
    public StarlingConfig config() {
        return config;
    }

    /** Creates members with {@link #PASSWORD}. */
    public void addUsers(String... names) throws Exception {
        for (String name : names) {
            server.users().create(name, PASSWORD).get();
        }
    }

    /**
     * The server's roster table read directly, bypassing the presence module's in-memory state: what a restart
     * would load.
     */
    public RosterRepository storedRosters() {
        return new PostgresRosterRepository(dataSource());
    }

    /** The server's offline-message table read directly: what a restart would deliver. */
    public OfflineRepository storedOffline() {
        return new PostgresOfflineRepository(dataSource());
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.core().database().url());
        ds.setUser(config.core().database().username());
        return ds;
    }

    @Override
    public void close() {
        server.close();
    }
}
