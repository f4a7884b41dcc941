package io.starling.offline;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.session.Session;
import io.starling.core.spi.Backlog;
import io.starling.core.spi.CloseReason;
import io.starling.core.spi.SessionListener;
import io.starling.core.stanza.Stanza;
import io.starling.offline.store.OfflineWriter;

/**
 * XEP-0160 §2 step 5: at initial presence the session takes everything kept for its member, oldest first, through
 * the member's offline lane — so the take comes after every store queued before it — and delivers it ahead of live
 * stanzas (the core's session does that part). Also notes, as a {@link SessionListener}, when a taking session becomes
 * available, for {@link LateDelivery}.
 */
final class OfflineBacklog implements Backlog, SessionListener {
    private final OfflineWriter writer;
    private final StoredStanzaCodec codec;
    private final PendingTakes pending;

    OfflineBacklog(OfflineWriter writer, StoredStanzaCodec codec, PendingTakes pending) {
        this.writer = writer;
        this.codec = codec;
        this.pending = pending;
    }

    @Override
    public CompletionStage<List<Stanza>> take(Session session) {
        Jid owner = session.jid().asBare();
        pending.started(session); // before the take is queued: see PendingTakes
        return writer.take(owner).thenApply(codec::decodeAll);
    }

    @Override
    public void available(Session session, Stanza presence) {
        pending.ended(session);
    }

    @Override
    public void unavailable(Session session, Stanza presence) {
        pending.ended(session);
    }

    @Override
    public void closed(Session session, CloseReason reason) {
        pending.ended(session);
    }
}
