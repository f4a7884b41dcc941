package io.starling.presence.roster;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.starling.core.jid.Jid;
import io.starling.presence.store.PresenceStoreException;
import io.starling.presence.store.Transactions;

/**
 * {@link SubscriptionRequestRepository} over the {@code subscription_requests} table (migration presence V2).
 *
 * @throws PresenceStoreException from every method when the database fails or a stored JID no longer parses
 */
public final class PostgresSubscriptionRequestRepository implements SubscriptionRequestRepository {
    private static final String UPSERT = """
            INSERT INTO subscription_requests (owner, requester, stanza, received_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (owner, requester) DO UPDATE SET stanza = EXCLUDED.stanza,
                received_at = EXCLUDED.received_at""";
    private static final String LOAD =
            "SELECT requester, stanza, received_at FROM subscription_requests WHERE owner = ?";
    private static final String DELETE = "DELETE FROM subscription_requests WHERE owner = ? AND requester = ?";

    private final DataSource dataSource;

    public PostgresSubscriptionRequestRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void save(Jid owner, Jid requester, StoredRequest request) {
        String key = bare(owner);
        String from = bare(requester);
        Objects.requireNonNull(request, "request");
        Transactions.write(dataSource, "subscription request save", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, key);
                ps.setString(2, from);
                ps.setString(3, request.stanza());
                ps.setTimestamp(4, Timestamp.from(request.receivedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<Jid, StoredRequest> load(Jid owner) {
        String key = bare(owner);
        return Transactions.read(dataSource, "subscription requests load", c -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<Jid, StoredRequest> out = new HashMap<>();
                    while (rs.next()) {
                        out.put(requester(rs.getString(1), key),
                                new StoredRequest(rs.getString(2), rs.getTimestamp(3).toInstant()));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public void delete(Jid owner, Jid requester) {
        String key = bare(owner);
        String from = bare(requester);
        Transactions.write(dataSource, "subscription request delete", c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, key);
                ps.setString(2, from);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Jid requester(String value, String owner) {
        try {
            return Jid.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PresenceStoreException("subscription requests load of " + owner + " -> " + value, e);
        }
    }

    private static String bare(Jid jid) {
        if (!jid.isBare()) {
            throw new IllegalArgumentException("subscription requests are between bare JIDs: " + jid);
        }
        return jid.toString();
    }
}
