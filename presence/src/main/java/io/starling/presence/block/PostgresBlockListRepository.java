package io.starling.presence.block;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.starling.core.jid.Jid;
import io.starling.presence.store.PresenceStoreException;
import io.starling.presence.store.Transactions;

/**
 * {@link BlockListRepository} over the {@code block_list} table (migration presence V1). Entries are stored as
 * {@link Jid#toString()}: full, bare or domain JIDs.
 *
 * @throws PresenceStoreException from every method when the database fails or a stored entry no longer parses
 */
public final class PostgresBlockListRepository implements BlockListRepository {
    private static final String LOAD = "SELECT blocked FROM block_list WHERE owner = ?";
    private static final String INSERT =
            "INSERT INTO block_list (owner, blocked) VALUES (?, ?) ON CONFLICT (owner, blocked) DO NOTHING";
    private static final String REMOVE = "DELETE FROM block_list WHERE owner = ? AND blocked = ANY (?)";
    private static final String CLEAR = "DELETE FROM block_list WHERE owner = ?";

    private final DataSource dataSource;

    public PostgresBlockListRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Set<Jid> load(Jid owner) {
        String key = bare(owner);
        return Transactions.read(dataSource, "block list load", c -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    Set<Jid> entries = new HashSet<>();
                    while (rs.next()) {
                        entries.add(entry(rs, key));
                    }
                    return Set.copyOf(entries);
                }
            }
        });
    }

    private static Jid entry(ResultSet rs, String owner) throws SQLException {
        String blocked = rs.getString(1);
        try {
            return Jid.parse(blocked);
        } catch (IllegalArgumentException e) {
            throw new PresenceStoreException("block list load of " + owner + " -> " + blocked, e);
        }
    }

    /** One batch in one transaction, in sorted order so that two concurrent adds cannot deadlock. */
    @Override
    public void add(Jid owner, Collection<Jid> blocked) {
        String key = bare(owner);
        Set<String> entries = strings(blocked);
        if (entries.isEmpty()) {
            return;
        }
        Transactions.write(dataSource, "block list add", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (String entry : entries) {
                    ps.setString(1, key);
                    ps.setString(2, entry);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void remove(Jid owner, Collection<Jid> blocked) {
        String key = bare(owner);
        Set<String> entries = strings(blocked);
        if (entries.isEmpty()) {
            return;
        }
        Transactions.write(dataSource, "block list remove", c -> {
            try (PreparedStatement ps = c.prepareStatement(REMOVE)) {
                ps.setString(1, key);
                ps.setArray(2, c.createArrayOf("text", entries.toArray()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void clear(Jid owner) {
        String key = bare(owner);
        Transactions.write(dataSource, "block list clear", c -> {
            try (PreparedStatement ps = c.prepareStatement(CLEAR)) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Set<String> strings(Collection<Jid> jids) {
        Set<String> sorted = new TreeSet<>();
        for (Jid jid : jids) {
            sorted.add(jid.toString());
        }
        return sorted;
    }

    private static String bare(Jid owner) {
        if (!owner.isBare()) {
            throw new IllegalArgumentException("a block list owner is a bare JID: " + owner);
        }
        return owner.toString();
    }
}
