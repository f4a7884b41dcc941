package io.starling.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.CoreConfig;
import io.starling.core.config.DatabaseConfig;
import io.starling.core.store.Database;
import io.starling.core.user.PostgresUserRepository;
import io.starling.core.user.UserService;

/**
 * The database as the CLI sees it. With the embedded default, a running server owns the PostgreSQL data
 * directory, so the CLI connects to that server's port (line 4 of {@code postmaster.pid}, the PostgreSQL
 * convention); with no server running it starts the embedded PostgreSQL itself.
 */
final class AdminStorage implements AutoCloseable {
    private final Database database;
    private final UserService users;

    private AdminStorage(Database database, UserService users) {
        this.database = database;
        this.users = users;
    }

    static AdminStorage open(CoreConfig core) throws IOException {
        return open(core, core.auth());
    }

    /** With {@code auth} in place of the configured one (e.g. more hashing threads for a bulk import). */
    static AdminStorage open(CoreConfig core, AuthConfig auth) throws IOException {
        DatabaseConfig db = core.database();
        if (db.embedded()) {
            Integer port = runningEmbeddedPort(core.dataDir().resolve("postgres"));
            if (port != null) {
                db = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", null, 2, 0);
            }
        }
        Database database = Database.open(db, core.dataDir(), List.of("classpath:db/migration/core"));
        return new AdminStorage(database, new UserService(new PostgresUserRepository(database.dataSource()),
                database.jdbcExecutor(), auth));
    }

    private static Integer runningEmbeddedPort(Path pgData) throws IOException {
        Path pid = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pid)) {
            return null;
        }
        List<String> lines = Files.readAllLines(pid);
        if (lines.size() < 4) {
            return null;
        }
        long processId = Long.parseLong(lines.get(0).strip());
        boolean alive = ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Integer.valueOf(lines.get(3).strip()) : null;
    }

    UserService users() {
        return users;
    }

    @Override
    public void close() {
        users.close();
        database.close();
    }
}
