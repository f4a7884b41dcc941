package io.starling.core.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.starling.core.jid.Jid;

/**
 * The sessions of this node, by bare JID. Each member maps to a small copy-on-write array (a member has a handful
 * of resources), so lookups are one hash probe and a scan without locks; writes go through
 * {@link ConcurrentHashMap#compute}, which locks only that member's bin.
 */
public final class LocalSessionRegistry implements SessionRegistry {
    private static final Session[] NONE = new Session[0];

    private final ConcurrentHashMap<Jid, Session[]> byBare = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int maxResourcesPerUser;

    public LocalSessionRegistry(int maxResourcesPerUser) {
        this.maxResourcesPerUser = maxResourcesPerUser;
    }

    @Override
    public Session bind(Session session) {
        Jid full = session.jid();
        if (full == null || full.isBare()) {
            throw new IllegalArgumentException("bind needs a full JID");
        }
        Session[] replaced = new Session[1];
        byBare.compute(full.asBare(), (bare, current) -> {
            Session[] list = current == null ? NONE : current;
            for (int i = 0; i < list.length; i++) {
                if (list[i].jid().equals(full)) {
                    replaced[0] = list[i];
                    Session[] copy = list.clone();
                    copy[i] = session;
                    return copy;
                }
            }
            if (list.length >= maxResourcesPerUser) {
                throw new IllegalStateException("too many resources for " + bare);
            }
            Session[] copy = Arrays.copyOf(list, list.length + 1);
            copy[list.length] = session;
            return copy;
        });
        if (replaced[0] == null) {
            size.incrementAndGet();
        }
        return replaced[0];
    }

    @Override
    public void unbind(Session session) {
        Jid full = session.jid();
        if (full == null) {
            return;
        }
        boolean[] removed = new boolean[1];
        byBare.computeIfPresent(full.asBare(), (bare, list) -> {
            for (int i = 0; i < list.length; i++) {
                if (list[i] == session) {
                    removed[0] = true;
                    if (list.length == 1) {
                        return null;
                    }
                    Session[] copy = new Session[list.length - 1];
                    System.arraycopy(list, 0, copy, 0, i);
                    System.arraycopy(list, i + 1, copy, i, list.length - i - 1);
                    return copy;
                }
            }
            return list;
        });
        if (removed[0]) {
            size.decrementAndGet();
        }
    }

    @Override
    public Session get(Jid fullJid) {
        Session[] list = byBare.get(fullJid.asBare());
        if (list != null) {
            for (Session s : list) {
                if (s.jid().equals(fullJid)) {
                    return s;
                }
            }
        }
        return null;
    }

    @Override
    public List<Session> sessionsOf(Jid bareJid) {
        Session[] list = byBare.get(bareJid.asBare());
        // A view, not a copy: published arrays are never written again (bind and unbind replace them).
        return list == null ? List.of() : Collections.unmodifiableList(Arrays.asList(list));
    }

    @Override
    public int size() {
        return size.get();
    }

    @Override
    public List<Session> all() {
        List<Session> out = new ArrayList<>(size());
        for (Session[] list : byBare.values()) {
            out.addAll(Arrays.asList(list));
        }
        return out;
    }
}
