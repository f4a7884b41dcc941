package io.starling.core.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.starling.core.store.JdbcTransactions;

/** {@link UserRepository} over the {@code users} and {@code scram_credentials} tables (migration core V1). */
public final class PostgresUserRepository implements UserRepository {
    private static final String INSERT_USER =
            "INSERT INTO users (username) VALUES (?) ON CONFLICT (username) DO NOTHING";
    private static final String LOCK_USER = "SELECT 1 FROM users WHERE username = ? FOR UPDATE";
    private static final String UPSERT_CREDENTIALS = """
            INSERT INTO scram_credentials (username, hash, salt, iterations, stored_key, server_key)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (username, hash) DO UPDATE SET salt = EXCLUDED.salt, iterations = EXCLUDED.iterations,
                stored_key = EXCLUDED.stored_key, server_key = EXCLUDED.server_key, updated_at = now()""";
    private static final String DELETE_USER = "DELETE FROM users WHERE username = ?";
    private static final String EXISTS = "SELECT 1 FROM users WHERE username = ?";
    private static final String EXISTING = "SELECT username FROM users WHERE username = ANY (?)";
    private static final String LIST = "SELECT username FROM users ORDER BY username LIMIT ? OFFSET ?";
    private static final String COUNT = "SELECT count(*) FROM users";
    private static final String CREDENTIALS =
            "SELECT salt, iterations, stored_key, server_key FROM scram_credentials WHERE username = ? AND hash = ?";

    private final DataSource dataSource;

    public PostgresUserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(String username, List<ScramCredentials> credentials) {
        String name = Username.normalise(username);
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_USER)) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) {
                    throw new UserExistsException("user " + name + " exists");
                }
            }
            upsertCredentials(c, name, credentials);
            return null;
        });
    }

    @Override
    public int createAll(Map<String, List<ScramCredentials>> accounts, boolean skipExisting) {
        List<String> names = accounts.keySet().stream().map(Username::normalise).toList();
        return inTransaction(c -> {
            int[] inserted;
            try (PreparedStatement ps = c.prepareStatement(INSERT_USER)) {
                for (String name : names) {
                    ps.setString(1, name);
                    ps.addBatch();
                }
                inserted = ps.executeBatch();
            }
            int created = 0;
            int i = 0;
            for (List<ScramCredentials> credentials : accounts.values()) {
                String name = names.get(i);
                if (inserted[i++] == 0) {
                    if (!skipExisting) {
                        throw new UserExistsException("user " + name + " exists");
                    }
                    continue;
                }
                upsertCredentials(c, name, credentials);
                created++;
            }
            return created;
        });
    }

    @Override
    public boolean changePassword(String username, List<ScramCredentials> credentials) {
        String name = Username.normalise(username);
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_USER)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            upsertCredentials(c, name, credentials);
            return true;
        });
    }

    private static void upsertCredentials(Connection c, String name, List<ScramCredentials> credentials)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_CREDENTIALS)) {
            for (ScramCredentials cred : credentials) {
                ps.setString(1, name);
                ps.setString(2, cred.hash().digestName());
                ps.setBytes(3, cred.salt());
                ps.setInt(4, cred.iterations());
                ps.setBytes(5, cred.storedKey());
                ps.setBytes(6, cred.serverKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public boolean delete(String username) {
        String name = Username.normalise(username);
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_USER)) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean exists(String username) {
        String name = Username.normalise(username);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EXISTS)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new UserStoreException("exists", e);
        }
    }

    @Override
    public Set<String> existing(Collection<String> usernames) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EXISTING)) {
            ps.setArray(1, c.createArrayOf("text", usernames.toArray()));
            Set<String> taken = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getString(1));
                }
            }
            return Set.copyOf(taken);
        } catch (SQLException e) {
            throw new UserStoreException("existing", e);
        }
    }

    @Override
    public List<String> list(int limit, int offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LIST)) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return List.copyOf(names);
        } catch (SQLException e) {
            throw new UserStoreException("list", e);
        }
    }

    @Override
    public long count() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COUNT);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new UserStoreException("count", e);
        }
    }

    @Override
    public Optional<ScramCredentials> credentials(String username, ScramHash hash) {
        String name = Username.normalise(username);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CREDENTIALS)) {
            ps.setString(1, name);
            ps.setString(2, hash.digestName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ScramCredentials(hash, rs.getBytes(1), rs.getInt(2), rs.getBytes(3),
                        rs.getBytes(4)));
            }
        } catch (SQLException e) {
            throw new UserStoreException("credentials", e);
        }
    }

    private <T> T inTransaction(JdbcTransactions.SqlWork<T> work) {
        return JdbcTransactions.write(dataSource, work, e -> new UserStoreException("write", e));
    }
}
