package io.starling.core.component;

import io.starling.core.jid.Jid;

/**
 * Which 'from' addresses a component may put on its stanzas (XEP-0114 §3: the server checks them; a stanza
 * from elsewhere ends the stream with {@code invalid-from}, RFC 6120 §4.9.3.9). Any address of the component's own
 * domain ({@code notify.localhost}, {@code x@notify.localhost/r}); a trusted component also any address with a local
 * part in the served domain ({@code notify@localhost}, a member's JID) — never the served domain itself, which
 * speaks for the server.
 */
public record ComponentFromPolicy(String componentDomain, String servedDomain, boolean trusted) {

    public boolean allows(Jid from) {
        if (from == null) {
            return false;
        }
        if (from.domain().equals(componentDomain)) {
            return true;
        }
        return trusted && from.domain().equals(servedDomain) && from.local() != null;
    }
}
