package io.starling.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.C2sConfig;
import io.starling.core.config.CoreConfig;
import io.starling.core.config.TlsConfig;
import io.starling.core.testing.TestDatabase;
import io.starling.server.StarlingServer;
import io.starling.server.config.StarlingConfig;

/** A real server on loopback with free ports, a fresh database in the shared embedded PostgreSQL. */
public final class TestServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";
    public static final String PASSWORD = "s3cret-Pässword";

    private final StarlingServer server;

    private TestServer(StarlingServer server) {
        this.server = server;
    }

    public static TestServer start() throws Exception {
        return start(new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024));
    }

    public static TestServer start(AuthConfig auth) throws Exception {
        return start(auth, Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    /** A server with its own keepalive, idle and negotiation timers. */
    public static TestServer start(AuthConfig auth, Duration keepalive, Duration idle, Duration negotiation)
            throws Exception {
        Path dataDir = Files.createTempDirectory("starling-it");
        C2sConfig c2s = new C2sConfig("127.0.0.1", 0, freePort(), true, 64 * 1024, 32, 64, keepalive, idle,
                negotiation, 10);
        CoreConfig core = new CoreConfig(DOMAIN, dataDir, c2s, TlsConfig.defaults(), TestDatabase.freshDatabase(),
                auth);
        return new TestServer(StarlingServer.start(StarlingConfig.defaults().withCore(core)));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
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

    @Override
    public void close() {
        server.close();
    }
}
