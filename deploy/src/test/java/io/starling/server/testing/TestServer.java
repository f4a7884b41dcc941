package io.starling.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.postgresql.ds.PGSimpleDataSource;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.C2sConfig;
import io.starling.core.config.CoreConfig;
import io.starling.core.config.DatabaseConfig;
import io.starling.core.config.TlsConfig;
import io.starling.core.testing.TestDatabase;
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
    private final DatabaseConfig database;

    private TestServer(StarlingServer server, DatabaseConfig database) {
        this.server = server;
        this.database = database;
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
        return start(auth, keepalive, idle, negotiation, PresenceConfig.defaults());
    }

    /** A server with its own presence settings (roster size, stripes, offline cache). */
    public static TestServer start(PresenceConfig presence) throws Exception {
        return start(defaultAuth(), Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30), presence);
    }

    private static TestServer start(AuthConfig auth, Duration keepalive, Duration idle, Duration negotiation,
                                    PresenceConfig presence) throws Exception {
        Path dataDir = Files.createTempDirectory("starling-it");
        C2sConfig c2s = new C2sConfig("127.0.0.1", 0, freePort(), true, 64 * 1024, 32, 64, keepalive, idle,
                negotiation, 10);
        DatabaseConfig database = TestDatabase.freshDatabase();
        CoreConfig core = new CoreConfig(DOMAIN, dataDir, c2s, TlsConfig.defaults(), database, auth);
        StarlingConfig config = StarlingConfig.defaults().withCore(core).withPresence(presence);
        return new TestServer(StarlingServer.start(config), database);
    }

    private static AuthConfig defaultAuth() {
        return new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public StarlingServer server() {
        return server;
    }

    public int port() {
        return server.c2sPort();
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
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(database.url());
        ds.setUser(database.username());
        return new PostgresRosterRepository(ds);
    }

    @Override
    public void close() {
        server.close();
    }
}
