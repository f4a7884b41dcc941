package io.starling.core.iq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.xml.XmlElement;

/** XEP-0092: software name and version; the OS is not disclosed (§2, it is optional). */
public final class VersionHandler implements IqHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.VERSION, "query");

    private final XmlElement answer;

    public VersionHandler(String name, String version) {
        this.answer = XmlElement.builder(Namespaces.VERSION, "query")
                .textChild("name", name)
                .textChild("version", version)
                .build();
    }

    @Override
    public CompletionStage<Stanza> handle(Stanza iq) {
        if (!"get".equals(iq.type())) {
            return CompletableFuture.completedFuture(iq.errorReply(StanzaErrorCondition.BAD_REQUEST, null));
        }
        return CompletableFuture.completedFuture(iq.iqResult(answer));
    }
}
