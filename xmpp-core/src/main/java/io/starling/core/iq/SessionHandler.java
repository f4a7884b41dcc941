package io.starling.core.iq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;

/**
 * The legacy RFC 3921 session establishment, a no-op kept for old clients (advertised as optional, per
 * draft-cridland-xmpp-session-01 and RFC 6121's removal of it): always an empty result.
 */
public final class SessionHandler implements IqHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.SESSION, "session");

    @Override
    public CompletionStage<Stanza> handle(Stanza iq) {
        return CompletableFuture.completedFuture(iq.iqResult(null));
    }
}
