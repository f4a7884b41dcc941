package io.starling.presence.engine;

import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.presence.roster.RosterItem;

/**
 * Presence probes a client sends itself ({@code <presence type='probe' to='contact'/>}), answered on the contact's
 * stripe the way RFC 6121 §4.3.2 has the contact's server answer an inbound probe. Probes the server implies at
 * login never become stanzas ({@link PresenceBroadcaster#answerProbes}).
 */
final class Probes {
    private final Router router;

    Probes(Router router) {
        this.router = router;
    }

    /**
     * Answers {@code probe} (from the prober's full JID) about member {@code c}:
     * <ol>
     *   <li>the prober is blocked by {@code c}: nothing (XEP-0191 §3.3: no response to presence from a blocked
     *       entity, probes included, and no error);</li>
     *   <li>{@code c} does not exist, or {@code c}'s roster has no subscription from the prober (a state other than
     *       From, From + Pending Out or Both): {@code unsubscribed} (§4.3.2 rule 1, SHOULD), revealing nothing. It goes
     *       to the prober's session as is and changes no roster: both rosters are on this server, so there is no
     *       stale subscription for it to cancel, and a pre-approval is never cancelled by it (§4.3.2);</li>
     *   <li>no visibly available resource: one {@code unavailable} from {@code c}'s bare JID (§4.3.2 rule 2, SHOULD).
     *       Invisible sessions (XEP-0186 §3.1) count as none: an invisible member is answered exactly as an offline
     *       one;</li>
     *   <li>otherwise the last broadcast presence of each visibly available resource (§4.3.2 rule 3, MUST).</li>
     * </ol>
     * A member probing its own bare JID gets each of its available resources, invisible ones too (its resources see
     * each other, §4.2.2), or one {@code unavailable}.
     */
    void answer(MemberState c, Stanza probe) {
        Jid prober = probe.from();
        if (c.bare.equals(prober.asBare())) {
            answerWith(c, probe, true);
            return;
        }
        if (c.blockList.blocks(prober)) {
            return;
        }
        RosterItem item = c.roster.get(prober.asBare()); // an account that does not exist has no roster
        if (item == null || !item.state().sendsPresence()) {
            router.route(reply(c, probe, "unsubscribed"));
            return;
        }
        answerWith(c, probe, false);
    }

    private void answerWith(MemberState c, Stanza probe, boolean includeInvisible) {
        boolean any = false;
        for (ResourceState r : c.resources.values()) {
            if (r.available() && (includeInvisible || !r.invisible)) {
                router.route(r.presence.withTo(probe.from()));
                any = true;
            }
        }
        if (!any) {
            router.route(reply(c, probe, "unavailable"));
        }
    }

    /** From the member's bare JID to the prober, carrying the probe's id as RFC 6121's examples do. */
    private static Stanza reply(MemberState c, Stanza probe, String type) {
        return Stanza.build(Stanza.Kind.PRESENCE, probe.from(), c.bare, type, probe.id(), List.of());
    }
}
