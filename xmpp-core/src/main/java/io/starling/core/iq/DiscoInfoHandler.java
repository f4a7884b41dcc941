package io.starling.core.iq;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.xml.XmlElement;

/**
 * XEP-0030 §3.1 disco#info for the server: identity server/im and the features registered by the core and the
 * modules (each listed once, sorted). A request with a 'node' is answered item-not-found (§3.2: no nodes here).
 */
public final class DiscoInfoHandler implements IqHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.DISCO_INFO, "query");

    private final XmlElement answer;

    public DiscoInfoHandler(String serverName, Collection<String> features) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.DISCO_INFO, "query");
        b.child(XmlElement.builder(Namespaces.DISCO_INFO, "identity")
                .attribute("category", "server").attribute("type", "im").attribute("name", serverName).build());
        for (String var : new TreeSet<>(features)) {
            b.child(XmlElement.builder(Namespaces.DISCO_INFO, "feature").attribute("var", var).build());
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
