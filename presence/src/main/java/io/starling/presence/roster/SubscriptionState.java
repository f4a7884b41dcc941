package io.starling.presence.roster;

/**
 * The nine subscription states of RFC 6121 Appendix A.1, from the point of view of the roster's owner ("user")
 * towards one contact. "Out" is the user's request to see the contact, "in" the contact's request to see the user.
 */
public enum SubscriptionState {
    NONE(Subscription.NONE, false, false),
    NONE_PENDING_OUT(Subscription.NONE, true, false),
    NONE_PENDING_IN(Subscription.NONE, false, true),
    NONE_PENDING_OUT_IN(Subscription.NONE, true, true),
    TO(Subscription.TO, false, false),
    TO_PENDING_IN(Subscription.TO, false, true),
    FROM(Subscription.FROM, false, false),
    FROM_PENDING_OUT(Subscription.FROM, true, false),
    BOTH(Subscription.BOTH, false, false);

    /** The roster item's {@code subscription} attribute (RFC 6121 §2.1.2.5). */
    public enum Subscription {
        NONE, TO, FROM, BOTH;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Subscription subscription;
    private final boolean pendingOut;
    private final boolean pendingIn;

    SubscriptionState(Subscription subscription, boolean pendingOut, boolean pendingIn) {
        this.subscription = subscription;
        this.pendingOut = pendingOut;
        this.pendingIn = pendingIn;
    }

    public Subscription subscription() {
        return subscription;
    }

    /** The user asked to see the contact and waits: the item carries {@code ask='subscribe'} (§2.1.2.2). */
    public boolean pendingOut() {
        return pendingOut;
    }

    /** The contact asked to see the user and waits for an answer. */
    public boolean pendingIn() {
        return pendingIn;
    }

    /** The user receives the contact's presence ({@code to} or {@code both}). */
    public boolean receivesPresence() {
        return subscription == Subscription.TO || subscription == Subscription.BOTH;
    }

    /** The contact receives the user's presence ({@code from} or {@code both}). */
    public boolean sendsPresence() {
        return subscription == Subscription.FROM || subscription == Subscription.BOTH;
    }

    /** The state with these parts; every combination exists except pending-out with to/both and pending-in with from/both. */
    public static SubscriptionState of(Subscription subscription, boolean pendingOut, boolean pendingIn) {
        for (SubscriptionState s : values()) {
            if (s.subscription == subscription && s.pendingOut == pendingOut && s.pendingIn == pendingIn) {
                return s;
            }
        }
        throw new IllegalArgumentException(subscription + (pendingOut ? " +out" : "") + (pendingIn ? " +in" : ""));
    }
}
