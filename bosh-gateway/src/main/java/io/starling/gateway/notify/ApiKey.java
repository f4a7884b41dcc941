package io.starling.gateway.notify;

import java.util.List;

import io.starling.core.jid.Jid;

/** One configured key: its name (for logs and idempotency), the addresses it may send as, its rate limit. */
record ApiKey(String name, List<Jid> from, TokenBucket bucket) {
    /** The address a request that names none sends as. */
    Jid defaultFrom() {
        return from.get(0);
    }

    /** Whether the key may send as {@code address}: one of its addresses, or a resource of one. */
    boolean allows(Jid address) {
        return from.contains(address) || from.contains(address.asBare());
    }
}
