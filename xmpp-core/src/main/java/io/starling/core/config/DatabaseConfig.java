package io.starling.core.config;

/**
 * PostgreSQL. With no URL, an embedded PostgreSQL keeps its data under {@code dataDir/postgres}.
 *
 * @param url          a {@code jdbc:postgresql://} URL, or null for embedded (default null)
 * @param username     user (default none)
 * @param password     password (default none)
 * @param poolSize     HikariCP maximum pool size, also the JDBC executor's thread count (default 8)
 * @param embeddedPort port of the embedded server, 0 = any free port (default 0)
 * @param jdbcQueue    JDBC tasks queued behind the busy pool threads before new ones fail at once (default 10000)
 */
public record DatabaseConfig(String url, String username, String password, int poolSize, int embeddedPort,
                             int jdbcQueue) {
    public DatabaseConfig {
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("database.url must be a jdbc:postgresql:// URL");
        }
        C2sConfig.requireRange(poolSize, 1, 200, "database.poolSize");
        C2sConfig.requirePort(embeddedPort, "database.embeddedPort");
        C2sConfig.requireRange(jdbcQueue, 1, 10_000_000, "database.jdbcQueue");
    }

    /** With the default {@code jdbcQueue}. */
    public DatabaseConfig(String url, String username, String password, int poolSize, int embeddedPort) {
        this(url, username, password, poolSize, embeddedPort, 10_000);
    }

    public static DatabaseConfig defaults() {
        return new DatabaseConfig(null, null, null, 8, 0);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", poolSize=" + poolSize
                + ", embeddedPort=" + embeddedPort + ", jdbcQueue=" + jdbcQueue + "]";
    }

    public boolean embedded() {
        return url == null;
    }
}
