package io.starling.presence.engine;

import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.spi.InboundGuard;
import io.starling.core.stanza.Stanza;
import io.starling.presence.block.BlockList;

/**
 * The router's inbound check: stanzas from someone the recipient blocks are refused (XEP-0191 §3.3), and IQ
 * requests to an invisible session from anyone it did not show itself to are answered as if it were offline
 * (XEP-0186). Members loaded on their stripe answer at once; others are loaded on their stripe first.
 */
final class BlockingGuard implements InboundGuard {
    private final PresenceDirectory directory;
    private final Stripes stripes;

    BlockingGuard(PresenceDirectory directory, Stripes stripes) {
        this.directory = directory;
        this.stripes = stripes;
    }

    @Override
    public CompletionStage<Verdict> check(Jid recipient, Stanza stanza) {
        Jid from = stanza.from();
        if (from == null || isSelfOrServer(recipient, from)) {
            return DELIVER;
        }
        Jid to = stanza.to();
        if (stanza.isIqRequest() && to != null && !to.isBare() && directory.hiddenFrom(to, from)) {
            return REFUSE;
        }
        BlockList list = directory.blockList(recipient);
        if (list != null) {
            return list.blocks(from) ? REFUSE : DELIVER;
        }
        return stripes.call(recipient, m -> m.blockList.blocks(from) ? Verdict.REFUSE : Verdict.DELIVER);
    }

    /** The member's own resources, and the member's own server even if the list blocks the home domain. */
    private static boolean isSelfOrServer(Jid recipient, Jid from) {
        return recipient.domain().equals(from.domain()) && (from.isDomain()
                || (recipient.local() != null && recipient.local().equals(from.local())));
    }
}
