package io.starling.core.c2s;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resumable sessions by their XEP-0198 id (§5). Ids are 144 random bits from {@link SecureRandom}, so they cannot
 * be guessed, and each is bound to the account that enabled it: a lookup by another account finds nothing, exactly
 * like an unknown or expired id, so the answer reveals nothing. One instance per server; lookups never block.
 */
public final class ResumptionRegistry {
    private static final int ID_BYTES = 18;

    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    // SecureRandom is thread-safe; it is asked only when a client enables resumption.
    private final SecureRandom random = new SecureRandom();

    /** Registers a session and returns its new id. */
    String register(String username, C2sSession session) {
        while (true) {
            byte[] bytes = new byte[ID_BYTES];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (byId.putIfAbsent(id, new Entry(username, session)) == null) {
                return id;
            }
        }
    }

    /** The session registered under {@code id} by {@code username}, or null. */
    C2sSession find(String id, String username) {
        Entry e = id == null ? null : byId.get(id);
        return e != null && e.username.equals(username) ? e.session : null;
    }

    /** Forgets the id if it still names this session. */
    void remove(String id, C2sSession session) {
        Entry e = byId.get(id);
        if (e != null && e.session == session) {
            byId.remove(id, e);
        }
    }

    /** Number of resumable sessions, attached or not. */
    public int size() {
        return byId.size();
    }

    private record Entry(String username, C2sSession session) {
    }
}
