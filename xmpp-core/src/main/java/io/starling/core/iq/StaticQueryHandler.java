package io.starling.core.iq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.xml.XmlElement;

/**
 * Answers a get with a fixed payload (XEP-0030 disco, XEP-0092 version): a set is a bad request, and a
 * request for a node is item-not-found, since the server has no nodes (XEP-0030 §3.2).
 */
class StaticQueryHandler implements IqHandler {
    private final XmlElement answer;

    StaticQueryHandler(XmlElement answer) {
        this.answer = answer;
    }

    @Override
    public CompletionStage<Stanza> handle(Stanza iq) {
        if (!"get".equals(iq.type())) {
            return CompletableFuture.completedFuture(iq.errorReply(StanzaErrorCondition.BAD_REQUEST, null));
        }
        if (iq.payload().attribute("node") != null) {
            return CompletableFuture.completedFuture(iq.errorReply(StanzaErrorCondition.ITEM_NOT_FOUND, null));
        }
        return CompletableFuture.completedFuture(iq.iqResult(answer));
    }
}
