package io.starling.offline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.starling.core.jid.Jid;
import io.starling.core.store.JdbcTransactions;

/**
 * {@link OfflineRepository} over the {@code offline_messages} and {@code offline_counts} tables (migration offline
 * V1).
 *
 * <p>A batch is one transaction of three round trips and two statements whatever its size: lock and read the owners'
 * counters (creating missing ones, in sorted order so that two writers cannot deadlock); insert the accepted rows,
 * ids in list order, and add them to the counters; commit. The counter row is both the quota's count — one row
 * read per owner, not a count over the owner's mailbox — and the owner's lock: two writers storing for the same
 * member (two nodes, the CLI) are serialised on it and the count stays true until the commit. Inside one process
 * the offline lanes already serialise a member's writes, so the lock is never contended there.
 *
 * <p>A take is one statement in auto-commit, one round trip whether the mailbox is empty or not: it deletes the
 * counter row (waiting for a writer holding it) and the messages, and returns them oldest first with the count the
 * counter held. One statement reads one snapshot, so if it had to wait for a writer, that writer's messages, committed
 * after the snapshot, are not among those returned although the deleted counter counted them: the count says so, and
 * a second take, the transaction of two statements below (each statement a fresh snapshot), collects them. Inside one
 * process a member's takes and stores run in order on one offline lane, so only a writer in another process (a second
 * node, the CLI) can cause that second take. Should rows of {@code offline_messages} ever be removed by hand, the
 * counter overstates until the member's next login resets it (that login pays the second take once).
 */
public final class PostgresOfflineRepository implements OfflineRepository {
    /** Locks (and creates) the counters in a fixed order; RETURNING gives the current count. */
    private static final String LOCK_COUNTS = """
            INSERT INTO offline_counts (owner, stored) SELECT o, 0 FROM unnest(?::text[]) AS o ORDER BY o
            ON CONFLICT (owner) DO UPDATE SET stored = offline_counts.stored
            RETURNING owner, stored""";
    /**
     * The accepted rows in one statement, whatever their number, and the counters with them. Ids are drawn in list
     * order: a volatile function in a select list is evaluated after its ORDER BY (PostgreSQL 9.6 and later).
     */
    private static final String INSERT_AND_COUNT = """
            WITH accepted AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[]) WITH ORDINALITY
                    AS a(owner, stanza, stored_at, ord)),
            inserted AS (
                INSERT INTO offline_messages (id, owner, stanza, stored_at)
                SELECT nextval('offline_messages_id_seq'), owner, stanza, stored_at FROM accepted ORDER BY ord)
            UPDATE offline_counts AS c SET stored = c.stored + n.added
            FROM (SELECT owner, count(*) AS added FROM accepted GROUP BY owner) AS n
            WHERE c.owner = n.owner""";
    /**
     * The take in one statement: the counter's value (null without a row) on every row, then the messages by id, or
     * one row of nulls when there are none. The condition on {@code counter}, true whatever it holds, makes the
     * counter's delete — the member's lock, waiting for a writer — run to completion before the first message is
     * touched, as in the two-statement take; both deletes still read the statement's one snapshot.
     */
    private static final String TAKE_ALL = """
            WITH counter AS (DELETE FROM offline_counts WHERE owner = ? RETURNING stored),
            taken AS (DELETE FROM offline_messages WHERE owner = ? AND (SELECT count(*) FROM counter) >= 0
                      RETURNING id, stanza, stored_at)
            SELECT (SELECT stored FROM counter), t.id, t.stanza, t.stored_at
            FROM (VALUES (1)) AS one LEFT JOIN taken AS t ON true
            ORDER BY t.id""";
    private static final String TAKE_COUNT = "DELETE FROM offline_counts WHERE owner = ?";
    private static final String TAKE = "DELETE FROM offline_messages WHERE owner = ? RETURNING id, stanza, stored_at";
    private static final String COUNT = "SELECT count(*) FROM offline_messages WHERE owner = ?";
    private static final String PEEK = "SELECT id, stanza, stored_at FROM offline_messages WHERE owner = ? ORDER BY id";
    private static final String LOCK_COUNT = "SELECT stored FROM offline_counts WHERE owner = ? FOR UPDATE";
    private static final String DELETE = "DELETE FROM offline_messages WHERE owner = ? AND id = ANY(?)";
    private static final String UNCOUNT = """
            UPDATE offline_counts SET stored = greatest(stored - ?, 0) WHERE owner = ?""";

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
        return JdbcTransactions.write(dataSource, c -> {
            Map<String, Integer> kept = lockCounts(c, owners.toArray());
            List<String> acceptedOwners = new ArrayList<>(stored.length);
            List<String> stanzas = new ArrayList<>(stored.length);
            List<String> times = new ArrayList<>(stored.length);
            for (int i = 0; i < stored.length; i++) {
                NewMessage m = messages.get(i);
                String owner = m.owner().toString();
                int n = kept.get(owner);
                if (n >= quota) {
                    continue; // XEP-0160 §2: the owner's storage is full
                }
                kept.put(owner, n + 1);
                stored[i] = true;
                acceptedOwners.add(owner);
                stanzas.add(m.stanza());
                times.add(m.storedAt().toString()); // ISO-8601 UTC, which PostgreSQL reads as timestamptz
            }
            if (!acceptedOwners.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_AND_COUNT)) {
                    ps.setArray(1, c.createArrayOf("text", acceptedOwners.toArray()));
                    ps.setArray(2, c.createArrayOf("text", stanzas.toArray()));
                    ps.setArray(3, c.createArrayOf("timestamptz", times.toArray()));
                    ps.executeUpdate();
                }
            }
            return stored;
        }, e -> new OfflineStoreException("insert", e));
    }

    private static Map<String, Integer> lockCounts(Connection c, Object[] owners) throws SQLException {
        Map<String, Integer> kept = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK_COUNTS)) {
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
        List<StoredMessage> taken = new ArrayList<>();
        int counted = JdbcTransactions.single(dataSource, c -> takeInOneStatement(c, key, taken),
                e -> new OfflineStoreException("take", e));
        if (counted <= taken.size()) {
            return taken;
        }
        // The counter counted messages the statement's snapshot did not show: a writer committed them while the
        // statement waited for its lock on the counter. Taken again with a fresh snapshot; ids keep the order.
        taken.addAll(JdbcTransactions.write(dataSource, c -> takeInTwoStatements(c, key),
                e -> new OfflineStoreException("take", e)));
        taken.sort(Comparator.comparingLong(StoredMessage::id));
        return taken;
    }

    /** @return what the deleted counter held, 0 without one */
    private static int takeInOneStatement(Connection c, String key, List<StoredMessage> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TAKE_ALL)) {
            ps.setString(1, key);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                int counted = 0;
                while (rs.next()) {
                    counted = rs.getInt(1); // the same on every row; null reads as 0
                    if (rs.getObject(2) != null) {
                        out.add(new StoredMessage(rs.getLong(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant()));
                    }
                }
                return counted;
            }
        }
    }

    /** The counter first (waiting for a writer holding it), then the messages on a snapshot taken after that wait. */
    private static List<StoredMessage> takeInTwoStatements(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TAKE_COUNT)) {
            ps.setString(1, key); // locks the member against a concurrent store until the commit
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(TAKE)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return read(rs);
            }
        }
    }

    @Override
    public List<StoredMessage> peekAll(Jid owner) {
        String key = bare(owner);
        return JdbcTransactions.single(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(PEEK)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return read(rs);
                }
            }
        }, e -> new OfflineStoreException("peek", e));
    }

    /** Locks the counter first, like a store or a take, so that two writers for the member cannot deadlock. */
    @Override
    public void delete(Jid owner, List<Long> ids) {
        String key = bare(owner);
        if (ids.isEmpty()) {
            return;
        }
        JdbcTransactions.write(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_COUNT)) {
                ps.setString(1, key);
                ps.executeQuery().close();
            }
            int removed;
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, key);
                ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
                removed = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(UNCOUNT)) {
                ps.setInt(1, removed);
                ps.setString(2, key);
                ps.executeUpdate();
            }
            return null;
        }, e -> new OfflineStoreException("delete", e));
    }

    private static List<StoredMessage> read(ResultSet rs) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new StoredMessage(rs.getLong(1), rs.getString(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant()));
        }
        return out;
    }

    @Override
    public int count(Jid owner) {
        String key = bare(owner);
        return JdbcTransactions.single(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }, e -> new OfflineStoreException("count", e));
    }

    private static String bare(Jid owner) {
        if (!owner.isBare()) {
            throw new IllegalArgumentException("owner must be a bare JID: " + owner);
        }
        return owner.toString();
    }
}
