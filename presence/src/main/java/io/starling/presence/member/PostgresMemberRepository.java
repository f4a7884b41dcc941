package io.starling.presence.member;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import io.starling.core.jid.Jid;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.RosterRepository;
import io.starling.presence.store.PresenceStoreException;
import io.starling.presence.store.Transactions;

/**
 * {@link MemberRepository} over {@code roster_items}, {@code roster_versions} and {@code block_list} (migration
 * presence V1): one statement on one pooled connection, hence one round trip and one snapshot, where loading the roster
 * and the block list separately costs two of each.
 *
 * @throws PresenceStoreException when the database fails or a stored row no longer parses
 */
public final class PostgresMemberRepository implements MemberRepository {
    /**
     * The roster rows as {@link PostgresRosterRepository} reads them (version, then the item's columns; one row of
     * nulls but the version for an empty roster), then one row per block-list entry in the last column.
     */
    private static final String LOAD = """
            WITH o AS (SELECT CAST(? AS text) AS owner)
            SELECT coalesce((SELECT version FROM roster_versions WHERE owner = o.owner), 0),
                   i.contact, i.name, i.groups, i.state, i.approved, i.listed, CAST(NULL AS text)
            FROM o LEFT JOIN roster_items i ON i.owner = o.owner
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, b.blocked
            FROM o JOIN block_list b ON b.owner = o.owner""";
    private static final int BLOCKED = 8;

    private final DataSource dataSource;

    public PostgresMemberRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Loaded load(Jid owner) {
        if (!owner.isBare()) {
            throw new IllegalArgumentException("a member is a bare JID: " + owner);
        }
        String key = owner.toString();
        return Transactions.read(dataSource, "member load", c -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<Jid, RosterItem> items = new HashMap<>();
                    Set<Jid> blocked = new HashSet<>();
                    long version = 0;
                    while (rs.next()) {
                        String entry = rs.getString(BLOCKED);
                        if (entry != null) {
                            blocked.add(blockedEntry(entry, key));
                            continue;
                        }
                        version = rs.getLong(1);
                        if (rs.getString(2) != null) {
                            RosterItem item = PostgresRosterRepository.readItem(rs, key);
                            items.put(item.contact(), item);
                        }
                    }
                    return new Loaded(new RosterRepository.Snapshot(items, version), blocked);
                }
            }
        });
    }

    private static Jid blockedEntry(String blocked, String owner) {
        try {
            return Jid.parse(blocked);
        } catch (IllegalArgumentException e) {
            throw new PresenceStoreException("block list load of " + owner + " -> " + blocked, e);
        }
    }
}
