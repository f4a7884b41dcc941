package io.starling.core.iq;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.xml.XmlElement;

/** XEP-0030 §4 disco#items for the server: the services it hosts (none until components arrive). */
public final class DiscoItemsHandler implements IqHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.DISCO_ITEMS, "query");

    private final XmlElement answer;

    public DiscoItemsHandler(List<Jid> items) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.DISCO_ITEMS, "query");
        for (Jid item : items) {
            b.child(XmlElement.builder(Namespaces.DISCO_ITEMS, "item").attribute("jid", item.toString()).build());
        }
        this.answer = b.build();
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
