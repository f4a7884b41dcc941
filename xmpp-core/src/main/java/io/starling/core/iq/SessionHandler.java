package io.starling.core.iq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;

/**
 * The legacy RFC 3921 session establishment, a no-op kept for old clients (advertised as optional, per
 * draft-cridland-xmpp-session-01 and RFC 6121's removal of it): always an empty result. RFC 3921 §3 addresses it to
 * the server's domain ({@link #KEY}); clients such as Strophe.js send it with no 'to', which RFC 6120 §10.3 gives
 * to the sender's own account ({@link #OWN_ACCOUNT_KEY}).
 */
public final class SessionHandler implements IqHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.SESSION, "session");
    public static final IqKey OWN_ACCOUNT_KEY = new IqKey(Namespaces.SESSION, "session", IqKey.Target.BARE_JID);

    @Override
    public CompletionStage<Stanza> handle(Stanza iq) {
        if (iq.to() != null && iq.to().local() != null && !iq.to().asBare().equals(iq.from().asBare())) {
            // Another member's account has no session to establish for the sender.
            return CompletableFuture.failedFuture(
                    new StanzaErrorException(StanzaErrorCondition.SERVICE_UNAVAILABLE, null));
        }
        return CompletableFuture.completedFuture(iq.iqResult(null));
    }
}
