package io.starling.core.session;

import io.starling.core.stanza.Stanza;

/**
 * Delivers stanzas by their 'to' address following RFC 6121 §8, answering with stanza errors where the RFC says
 * so. {@code from} must already be stamped. Never blocks; may complete the delivery asynchronously.
 */
public interface Router {
    void route(Stanza stanza);
}
