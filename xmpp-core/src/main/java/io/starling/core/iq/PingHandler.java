package io.starling.core.iq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;

/** XEP-0199 §4.2: the server answers a ping with an empty result. */
public final class PingHandler implements IqHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.PING, "ping");

    @Override
    public CompletionStage<Stanza> handle(Stanza iq) {
        return CompletableFuture.completedFuture(iq.iqResult(null));
    }
}
