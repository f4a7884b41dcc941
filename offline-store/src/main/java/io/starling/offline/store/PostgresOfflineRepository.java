package io.starling.offline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.starling.core.jid.Jid;

/**
 * {@link OfflineRepository} over the {@code offline_messages} table (migration offline V1).
 *
 * <p>A batch is one transaction of four round trips whatever its size: lock the owners, count what they keep,
 * insert the accepted rows (one pipelined JDBC batch), commit. The lock is a transaction-level advisory lock per
 * owner, taken in a fixed order (by hash), so two writers storing for the same member — two nodes, or the CLI — are
 * serialised and the count stays true until the commit; writers for different members never wait for each other.
 * Inside one process the offline lanes already serialise a member's writes, so the lock is never contended there.
 */
public final class PostgresOfflineRepository implements OfflineRepository {
    /** First key of the advisory locks: keeps them apart from any other module's (0x0FF1, "offline"). */
    private static final int LOCK_CLASS = 0x0FF1;
    private static final String LOCK_OWNERS = """
            SELECT pg_advisory_xact_lock(?, h)
            FROM (SELECT DISTINCT hashtext(o) AS h FROM unnest(?::text[]) AS o) AS owners
            ORDER BY h""";
    private static final String COUNT_OWNERS = """
            SELECT owner, count(*) FROM offline_messages WHERE owner = ANY (?::text[]) GROUP BY owner""";
    private static final String INSERT = "INSERT INTO offline_messages (owner, stanza, stored_at) VALUES (?, ?, ?)";
    private static final String TAKE = "DELETE FROM offline_messages WHERE owner = ? RETURNING id, stanza, stored_at";
    private static final String COUNT = "SELECT count(*) FROM offline_messages WHERE owner = ?";

    private final DataSource dataSource;

    public PostgresOfflineRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public boolean[] insertBatch(List<NewMessage> messages, int quota) {
        boolean[] stored = new boolean[messages.size()];
        if (messages.isEmpty()) {
            return stored;
        }
        TreeSet<String> owners = new TreeSet<>();
        for (NewMessage m : messages) {
            owners.add(m.owner().toString());
        }
        return Transactions.write(dataSource, "insert", c -> {
            Object[] ownerArray = owners.toArray();
            lock(c, ownerArray);
            Map<String, Integer> kept = counts(c, ownerArray);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                int accepted = 0;
                for (int i = 0; i < stored.length; i++) {
                    NewMessage m = messages.get(i);
                    String owner = m.owner().toString();
                    int n = kept.getOrDefault(owner, 0);
                    if (n >= quota) {
                        continue; // XEP-0160 §2: the owner's storage is full
                    }
                    kept.put(owner, n + 1);
                    stored[i] = true;
                    accepted++;
                    ps.setString(1, owner);
                    ps.setString(2, m.stanza());
                    ps.setObject(3, OffsetDateTime.ofInstant(m.storedAt(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                if (accepted > 0) {
                    ps.executeBatch(); // statements run in order, so ids follow the list
                }
            }
            return stored;
        });
    }

    private static void lock(Connection c, Object[] owners) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_OWNERS)) {
            ps.setInt(1, LOCK_CLASS);
            ps.setArray(2, c.createArrayOf("text", owners));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // one row per lock taken
                }
            }
        }
    }

    private static Map<String, Integer> counts(Connection c, Object[] owners) throws SQLException {
        Map<String, Integer> kept = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COUNT_OWNERS)) {
            ps.setArray(1, c.createArrayOf("text", owners));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return kept;
    }

    @Override
    public List<StoredMessage> takeAll(Jid owner) {
        String key = bare(owner);
        List<StoredMessage> taken = Transactions.single(dataSource, "take", c -> {
            try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    List<StoredMessage> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new StoredMessage(rs.getLong(1), rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant()));
                    }
                    return out;
                }
            }
        });
        taken.sort(Comparator.comparingLong(StoredMessage::id)); // RETURNING has no defined order
        return taken;
    }

    @Override
    public int count(Jid owner) {
        String key = bare(owner);
        return Transactions.single(dataSource, "count", c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static String bare(Jid owner) {
        if (!owner.isBare()) {
            throw new IllegalArgumentException("owner must be a bare JID: " + owner);
        }
        return owner.toString();
    }
}
