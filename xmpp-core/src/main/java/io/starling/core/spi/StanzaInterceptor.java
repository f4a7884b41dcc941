package io.starling.core.spi;

import io.starling.core.session.Session;
import io.starling.core.stanza.Stanza;

/**
 * Sees every stanza a client sends, after 'from' is stamped and before routing. Runs on the sender's executor
 * and must not block.
 */
public interface StanzaInterceptor {
    /** The outcome: pass the stanza (possibly changed) on, or stop it because the interceptor handled it. */
    sealed interface Outcome permits Pass, Handled {
    }

    record Pass(Stanza stanza) implements Outcome {
    }

    record Handled() implements Outcome {
    }

    Outcome outbound(Session sender, Stanza stanza);
}
