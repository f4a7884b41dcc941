package io.starling.presence.roster;

import static io.starling.presence.roster.SubscriptionState.BOTH;
import static io.starling.presence.roster.SubscriptionState.FROM;
import static io.starling.presence.roster.SubscriptionState.FROM_PENDING_OUT;
import static io.starling.presence.roster.SubscriptionState.NONE;
import static io.starling.presence.roster.SubscriptionState.NONE_PENDING_IN;
import static io.starling.presence.roster.SubscriptionState.NONE_PENDING_OUT;
import static io.starling.presence.roster.SubscriptionState.NONE_PENDING_OUT_IN;
import static io.starling.presence.roster.SubscriptionState.TO;
import static io.starling.presence.roster.SubscriptionState.TO_PENDING_IN;

import java.util.Objects;

/**
 * The subscription state machine of RFC 6121 Appendix A, with subscription pre-approval (§3.4), as pure functions:
 * the user's roster item for one contact and one subscription stanza in, the new item and what the user's server
 * has to send out. No I/O, no clock, no configuration: the server supports pre-approval and auto-replies where the
 * RFC says it SHOULD. A subscription to oneself is the caller's concern.
 *
 * <p>Everything is seen from the roster's owner ("user"). "Out" is the user's subscription to (or request for) the
 * contact's presence, "in" the contact's subscription to (or request for) the user's presence.
 *
 * <p>Appendix A numbers its tables A.2.1 to A.2.4 (outbound subscribe, unsubscribe, subscribed, unsubscribed;
 * Tables 2 to 5) and A.3.1 to A.3.4 (the same four inbound; Tables 6 to 9).
 */
public final class SubscriptionTransitions {

    /**
     * What processing one subscription stanza amounts to. Order of the caller's actions, where the RFC fixes it:
     * inbound stanzas are delivered before the roster push (§3.1.6, §3.2.3, §3.3.3 step 1); for an outbound
     * {@code unsubscribed} the unavailable presence goes out before the stanza is routed (§3.2.2).
     *
     * @param item            the user's item after the stanza; equal to the current item when nothing changed
     * @param changed         state, approval or listing changed: store the item (delete it instead when
     *                        {@link RosterItem#isEmpty()}), and push it to the user's interested resources when it
     *                        is listed (§2.1.6)
     * @param forward         outbound: route the stanza, stamped with the user's bare JID, to the contact. Inbound:
     *                        deliver it to the user's available resources; for {@code subscribe} with none
     *                        available, keep it and deliver it at each next login until answered (§3.1.3 rule 4)
     * @param autoReply       inbound only: a stanza the user's server sends from the user's bare JID to the contact
     *                        on the user's behalf, or null
     * @param sendPresence    send the user's current presence from each available resource to the contact: the
     *                        contact was just granted a subscription (§3.1.5)
     * @param sendUnavailable send unavailable presence from each available resource of the user to the contact: the
     *                        contact's subscription to the user just ended (§3.2.2, §3.3.3 step 3)
     */
    public record Outcome(RosterItem item, boolean changed, boolean forward, SubscriptionType autoReply,
                          boolean sendPresence, boolean sendUnavailable) {
        public Outcome {
            Objects.requireNonNull(item, "item");
        }

        private static Outcome of(RosterItem current, RosterItem next, boolean forward) {
            return new Outcome(next, !next.equals(current), forward, null, false, false);
        }

        private static Outcome unchanged(RosterItem current) {
            return of(current, current, false);
        }

        private Outcome replying(SubscriptionType reply) {
            return new Outcome(item, changed, forward, reply, sendPresence, sendUnavailable);
        }

        private Outcome sendingPresence() {
            return new Outcome(item, changed, forward, autoReply, true, sendUnavailable);
        }

        private Outcome sendingUnavailable(boolean send) {
            return new Outcome(item, changed, forward, autoReply, sendPresence, send);
        }
    }

    private SubscriptionTransitions() {
    }

    /**
     * The user sends {@code type} to the contact; the user's server processes it (Appendix A.2).
     *
     * @param current the user's item for the contact, {@link RosterItem#absent} when there is none
     */
    public static Outcome outbound(RosterItem current, SubscriptionType type) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case SUBSCRIBE -> outboundSubscribe(current);
            case UNSUBSCRIBE -> outboundUnsubscribe(current);
            case SUBSCRIBED -> outboundSubscribed(current);
            case UNSUBSCRIBED -> outboundUnsubscribed(current);
        };
    }

    /**
     * A stanza of {@code type} from the contact reaches the user's server (Appendix A.3).
     *
     * @param current the user's item for the contact, {@link RosterItem#absent} when there is none
     */
    public static Outcome inbound(RosterItem current, SubscriptionType type) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case SUBSCRIBE -> inboundSubscribe(current);
            case UNSUBSCRIBE -> inboundUnsubscribe(current);
            case SUBSCRIBED -> inboundSubscribed(current);
            case UNSUBSCRIBED -> inboundUnsubscribed(current);
        };
    }

    /**
     * A.2.1: the user's server MUST route an outbound {@code subscribe} in every state. §3.1.2: it then pushes the
     * contact to the user with ask='subscribe', so the contact becomes a listed roster item.
     */
    private static Outcome outboundSubscribe(RosterItem current) {
        RosterItem next = current.withState(askOut(current.state())).withListed(true);
        return Outcome.of(current, next, true);
    }

    /** A.2.2: the user's server MUST route an outbound {@code unsubscribe} in every state (§3.3.2). */
    private static Outcome outboundUnsubscribe(RosterItem current) {
        return Outcome.of(current, current.withState(dropOut(current.state())), true);
    }

    /**
     * A.2.3 and §3.4.2. With a request pending in, the stanza is an approval: MUST route, and §3.1.5 the server
     * MUST then send the user's current presence to the contact; the contact joins the roster (A.1 state 3: the
     * server adds it once the user approves). In None, None + Pending Out and To the stanza is a pre-approval:
     * MUST NOT route, set approved='true', and a contact not yet in the roster gets a listed item (§3.4.2 rule 4).
     * In From, From + Pending Out and Both it MUST be silently ignored (§3.4.2 rule 1).
     */
    private static Outcome outboundSubscribed(RosterItem current) {
        SubscriptionState state = current.state();
        return switch (state) {
            case NONE_PENDING_IN, NONE_PENDING_OUT_IN, TO_PENDING_IN -> Outcome.of(current,
                    current.withState(grantIn(state)).withApproved(false).withListed(true), true).sendingPresence();
            case NONE, NONE_PENDING_OUT, TO ->
                    Outcome.of(current, current.withApproved(true).withListed(true), false);
            case FROM, FROM_PENDING_OUT, BOTH -> Outcome.unchanged(current);
        };
    }

    /**
     * A.2.4 and §3.2.2. Where the contact has neither a subscription nor a request pending in, SHOULD NOT route
     * (rule 1) and any pre-approval is removed (rule 2, A.2.4 note [1]). Otherwise MUST route; where this cancels
     * the contact's subscription, unavailable presence from each of the user's resources MUST reach the contact
     * while it is still subscribed, i.e. before the {@code unsubscribed} (rule 3). The pre-approval is cleared in
     * every case (§3.4.2, second implementation note).
     */
    private static Outcome outboundUnsubscribed(RosterItem current) {
        SubscriptionState state = current.state();
        SubscriptionState next = dropIn(state);
        return Outcome.of(current, current.withState(next).withApproved(false), next != state)
                .sendingUnavailable(state.sendsPresence());
    }

    /**
     * A.3.1, §3.1.3 and §3.4.2. Where the request changes the state, MUST deliver it (or keep it for the next
     * login) and MUST NOT add a roster item for a contact not yet in the roster (§3.1.3 security warning) — unless
     * the user pre-approved: then the server MUST NOT deliver it but MUST answer {@code subscribed} on the user's
     * behalf (§3.4.2; A.3.1 note [1]), the approval takes effect as if the user had sent it (A.2.3, §3.1.5) and
     * the pre-approval is used up. Where a request is already pending, SHOULD NOT deliver: one stored request per
     * contact (§3.1.3 rule 4). Where the contact is already subscribed, the server MUST auto-reply
     * {@code subscribed} (§3.1.3 rule 2; A.3.1 note [2]).
     */
    private static Outcome inboundSubscribe(RosterItem current) {
        SubscriptionState state = current.state();
        SubscriptionState next = askIn(state);
        if (next == state) {
            Outcome ignored = Outcome.unchanged(current);
            return state.sendsPresence() ? ignored.replying(SubscriptionType.SUBSCRIBED) : ignored;
        }
        if (current.approved()) {
            RosterItem approved = current.withState(grantIn(next)).withApproved(false).withListed(true);
            return Outcome.of(current, approved, false).replying(SubscriptionType.SUBSCRIBED).sendingPresence();
        }
        return Outcome.of(current, current.withState(next), true);
    }

    /**
     * A.3.2 and §3.3.3. On a state change the server MUST change the state, MUST deliver the stanza and SHOULD
     * auto-reply {@code unsubscribed}; where the contact was subscribed, it sends unavailable presence from each
     * of the user's available resources to the contact (§3.3.3 step 3). Otherwise MUST NOT change the state and
     * SHOULD NOT deliver. A withdrawn request from a contact never added to the roster leaves an empty item, whose
     * record the server MUST remove (§3.3.3).
     */
    private static Outcome inboundUnsubscribe(RosterItem current) {
        SubscriptionState state = current.state();
        SubscriptionState next = dropIn(state);
        if (next == state) {
            return Outcome.unchanged(current);
        }
        return Outcome.of(current, current.withState(next), true)
                .replying(SubscriptionType.UNSUBSCRIBED)
                .sendingUnavailable(state.sendsPresence());
    }

    /**
     * A.3.3 and §3.1.6. With a request pending out, MUST change the state and MUST deliver; otherwise MUST NOT
     * change the state and SHOULD NOT deliver (silently ignore).
     */
    private static Outcome inboundSubscribed(RosterItem current) {
        SubscriptionState state = current.state();
        SubscriptionState next = grantOut(state);
        return Outcome.of(current, current.withState(next), next != state);
    }

    /**
     * A.3.4 and §3.2.3. With a request pending out or a subscription to the contact, MUST change the state and MUST
     * deliver; otherwise MUST NOT change the state and SHOULD NOT deliver (silently ignore).
     */
    private static Outcome inboundUnsubscribed(RosterItem current) {
        SubscriptionState state = current.state();
        SubscriptionState next = dropOut(state);
        return Outcome.of(current, current.withState(next), next != state);
    }

    /** The user asks to see the contact: the NEW STATE column of A.2.1 (Table 2). */
    private static SubscriptionState askOut(SubscriptionState state) {
        return switch (state) {
            case NONE -> NONE_PENDING_OUT;
            case NONE_PENDING_IN -> NONE_PENDING_OUT_IN;
            case FROM -> FROM_PENDING_OUT;
            case NONE_PENDING_OUT, NONE_PENDING_OUT_IN, TO, TO_PENDING_IN, FROM_PENDING_OUT, BOTH -> state;
        };
    }

    /** The contact asks to see the user: the NEW STATE column of A.3.1 (Table 6), without pre-approval. */
    private static SubscriptionState askIn(SubscriptionState state) {
        return switch (state) {
            case NONE -> NONE_PENDING_IN;
            case NONE_PENDING_OUT -> NONE_PENDING_OUT_IN;
            case TO -> TO_PENDING_IN;
            case NONE_PENDING_IN, NONE_PENDING_OUT_IN, TO_PENDING_IN, FROM, FROM_PENDING_OUT, BOTH -> state;
        };
    }

    /** The contact approves the user's pending request: the NEW STATE column of A.3.3 (Table 8). */
    private static SubscriptionState grantOut(SubscriptionState state) {
        return switch (state) {
            case NONE_PENDING_OUT -> TO;
            case NONE_PENDING_OUT_IN -> TO_PENDING_IN;
            case FROM_PENDING_OUT -> BOTH;
            case NONE, NONE_PENDING_IN, TO, TO_PENDING_IN, FROM, BOTH -> state;
        };
    }

    /** The user approves the contact's pending request: the routed rows of A.2.3 (Table 4). */
    private static SubscriptionState grantIn(SubscriptionState state) {
        return switch (state) {
            case NONE_PENDING_IN -> FROM;
            case NONE_PENDING_OUT_IN -> FROM_PENDING_OUT;
            case TO_PENDING_IN -> BOTH;
            case NONE, NONE_PENDING_OUT, TO, FROM, FROM_PENDING_OUT, BOTH -> state;
        };
    }

    /**
     * The user's subscription to the contact, or request for it, ends: the NEW STATE column of both A.2.2
     * (Table 3, the user unsubscribes) and A.3.4 (Table 9, the contact cancels or denies), which are identical.
     */
    private static SubscriptionState dropOut(SubscriptionState state) {
        return switch (state) {
            case NONE_PENDING_OUT, TO -> NONE;
            case NONE_PENDING_OUT_IN, TO_PENDING_IN -> NONE_PENDING_IN;
            case FROM_PENDING_OUT, BOTH -> FROM;
            case NONE, NONE_PENDING_IN, FROM -> state;
        };
    }

    /**
     * The contact's subscription to the user, or request for it, ends: the NEW STATE column of both A.2.4
     * (Table 5, the user cancels or denies) and A.3.2 (Table 7, the contact unsubscribes), which are identical.
     */
    private static SubscriptionState dropIn(SubscriptionState state) {
        return switch (state) {
            case NONE_PENDING_IN, FROM -> NONE;
            case NONE_PENDING_OUT_IN, FROM_PENDING_OUT -> NONE_PENDING_OUT;
            case TO_PENDING_IN, BOTH -> TO;
            case NONE, NONE_PENDING_OUT, TO -> state;
        };
    }
}
