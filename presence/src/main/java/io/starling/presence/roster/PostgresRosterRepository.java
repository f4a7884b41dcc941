package io.starling.presence.roster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import io.starling.core.jid.Jid;
import io.starling.presence.store.PresenceStoreException;
import io.starling.presence.store.Transactions;

/**
 * {@link RosterRepository} over the {@code roster_items} and {@code roster_versions} tables (migration presence
 * V1). The subscription state is stored as its {@link SubscriptionState} name.
 *
 * <p>Every write first bumps the owner's version row, which also locks it: concurrent writes to one roster are
 * serialised and always take their locks in the same order (version, then items), so they cannot deadlock.
 *
 * @throws PresenceStoreException from every method when the database fails or a constraint is broken
 */
public final class PostgresRosterRepository implements RosterRepository {
    private static final String BUMP_VERSION = """
            INSERT INTO roster_versions (owner, version) VALUES (?, 1)
            ON CONFLICT (owner) DO UPDATE SET version = roster_versions.version + 1
            RETURNING version""";
    private static final String UPSERT_ITEM = """
            INSERT INTO roster_items (owner, contact, name, groups, state, approved, listed)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (owner, contact) DO UPDATE SET name = EXCLUDED.name, groups = EXCLUDED.groups,
                state = EXCLUDED.state, approved = EXCLUDED.approved, listed = EXCLUDED.listed""";
    private static final String DELETE_ITEM = "DELETE FROM roster_items WHERE owner = ? AND contact = ?";
    private static final String DELETE_ALL = "DELETE FROM roster_items WHERE owner = ?";
    /** One statement, hence one snapshot: the items and the version always match. */
    private static final String LOAD = """
            SELECT coalesce((SELECT version FROM roster_versions WHERE owner = o.owner), 0),
                   i.contact, i.name, i.groups, i.state, i.approved, i.listed
            FROM (SELECT CAST(? AS text) AS owner) o
            LEFT JOIN roster_items i ON i.owner = o.owner""";

    private final DataSource dataSource;

    public PostgresRosterRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Snapshot load(Jid owner) {
        String key = bare(owner).toString();
        return Transactions.read(dataSource, "roster load", c -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<Jid, RosterItem> items = new HashMap<>();
                    long version = 0;
                    while (rs.next()) {
                        version = rs.getLong(1);
                        if (rs.getString(2) != null) {
                            RosterItem item = readItem(rs, key);
                            items.put(item.contact(), item);
                        }
                    }
                    return new Snapshot(items, version);
                }
            }
        });
    }

    /**
     * Reads the item of the current row, whose columns 2 to 7 are {@code contact, name, groups, state, approved,
     * listed} as in this class's load; shared with {@link io.starling.presence.member.PostgresMemberRepository}.
     *
     * @throws PresenceStoreException if the stored row no longer parses
     */
    public static RosterItem readItem(ResultSet rs, String owner) throws SQLException {
        String contact = rs.getString(2);
        Array groups = rs.getArray(4);
        try {
            return new RosterItem(Jid.parse(contact), rs.getString(3), Set.copyOf(Arrays.asList(
                    (String[]) groups.getArray())), SubscriptionState.valueOf(rs.getString(5)), rs.getBoolean(6),
                    rs.getBoolean(7));
        } catch (IllegalArgumentException | NullPointerException e) { // a malformed JID, a null group, a bad state
            throw new PresenceStoreException("roster load of " + owner + " -> " + contact, e);
        } finally {
            groups.free();
        }
    }

    @Override
    public long save(Jid owner, RosterItem item) {
        String key = bare(owner).toString();
        Objects.requireNonNull(item, "item");
        return Transactions.write(dataSource, "roster save", c -> {
            long version = bumpVersion(c, key);
            try (PreparedStatement ps = c.prepareStatement(UPSERT_ITEM)) {
                ps.setString(1, key);
                ps.setString(2, item.contact().toString());
                ps.setString(3, item.name());
                ps.setArray(4, c.createArrayOf("text", item.groups().stream().sorted().toArray()));
                ps.setString(5, item.state().name());
                ps.setBoolean(6, item.approved());
                ps.setBoolean(7, item.listed());
                ps.executeUpdate();
            }
            return version;
        });
    }

    @Override
    public long delete(Jid owner, Jid contact) {
        String key = bare(owner).toString();
        String contactKey = bare(contact).toString();
        return Transactions.write(dataSource, "roster delete", c -> {
            long version = bumpVersion(c, key);
            try (PreparedStatement ps = c.prepareStatement(DELETE_ITEM)) {
                ps.setString(1, key);
                ps.setString(2, contactKey);
                ps.executeUpdate();
            }
            return version;
        });
    }

    /** Deletes the items and bumps the version, which is kept: a re-created account never repeats a version. */
    @Override
    public void deleteAll(Jid owner) {
        String key = bare(owner).toString();
        Transactions.write(dataSource, "roster delete all", c -> {
            bumpVersion(c, key);
            try (PreparedStatement ps = c.prepareStatement(DELETE_ALL)) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static long bumpVersion(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BUMP_VERSION)) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Jid bare(Jid jid) {
        if (!jid.isBare()) {
            throw new IllegalArgumentException("roster owners and contacts are bare JIDs: " + jid);
        }
        return jid;
    }
}
