package io.starling.presence.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.starling.core.jid.Jid;
import io.starling.presence.roster.SubscriptionTransitions.Outcome;

class SubscriptionTransitionsTest {
    private static final Jid JULIET = Jid.parse("juliet@example.com");

    /** Which way the stanza travels, seen from the user's server. */
    enum Direction { OUT, IN }

    /** Which presence the user's server sends from each of the user's available resources to the contact. */
    enum Sends { NOTHING, PRESENCE, UNAVAILABLE }

    /**
     * One row per row of RFC 6121 Appendix A, Tables 2 to 9. The starting item is listed and not pre-approved.
     * Columns: table, direction, type, existing state, new state, approved afterwards, routed or delivered,
     * auto-reply, presence sent to the contact.
     */
    @ParameterizedTest(name = "{0} {1} {2} in {3} -> {4}")
    @CsvSource(textBlock = """
            # A.2.1 Table 2, outbound subscribe: MUST route in every state
            A.2.1, OUT, SUBSCRIBE, NONE,                NONE_PENDING_OUT,    false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, NONE_PENDING_OUT,    NONE_PENDING_OUT,    false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, NONE_PENDING_IN,     NONE_PENDING_OUT_IN, false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, NONE_PENDING_OUT_IN, NONE_PENDING_OUT_IN, false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, TO,                  TO,                  false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, TO_PENDING_IN,       TO_PENDING_IN,       false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, FROM,                FROM_PENDING_OUT,    false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, FROM_PENDING_OUT,    FROM_PENDING_OUT,    false, true,  , NOTHING
            A.2.1, OUT, SUBSCRIBE, BOTH,                BOTH,                false, true,  , NOTHING
            # A.2.2 Table 3, outbound unsubscribe: MUST route in every state
            A.2.2, OUT, UNSUBSCRIBE, NONE,                NONE,            false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, NONE_PENDING_OUT,    NONE,            false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, NONE_PENDING_IN,     NONE_PENDING_IN, false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, NONE_PENDING_OUT_IN, NONE_PENDING_IN, false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, TO,                  NONE,            false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, TO_PENDING_IN,       NONE_PENDING_IN, false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, FROM,                FROM,            false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, FROM_PENDING_OUT,    FROM,            false, true, , NOTHING
            A.2.2, OUT, UNSUBSCRIBE, BOTH,                FROM,            false, true, , NOTHING
            # A.2.3 Table 4, outbound subscribed: M.N. route where it is a pre-approval or changes nothing
            A.2.3, OUT, SUBSCRIBED, NONE,                NONE,             true,  false, , NOTHING
            A.2.3, OUT, SUBSCRIBED, NONE_PENDING_OUT,    NONE_PENDING_OUT, true,  false, , NOTHING
            A.2.3, OUT, SUBSCRIBED, NONE_PENDING_IN,     FROM,             false, true,  , PRESENCE
            A.2.3, OUT, SUBSCRIBED, NONE_PENDING_OUT_IN, FROM_PENDING_OUT, false, true,  , PRESENCE
            A.2.3, OUT, SUBSCRIBED, TO,                  TO,               true,  false, , NOTHING
            A.2.3, OUT, SUBSCRIBED, TO_PENDING_IN,       BOTH,             false, true,  , PRESENCE
            A.2.3, OUT, SUBSCRIBED, FROM,                FROM,             false, false, , NOTHING
            A.2.3, OUT, SUBSCRIBED, FROM_PENDING_OUT,    FROM_PENDING_OUT, false, false, , NOTHING
            A.2.3, OUT, SUBSCRIBED, BOTH,                BOTH,             false, false, , NOTHING
            # A.2.4 Table 5, outbound unsubscribed: S.N. route where nothing changes
            A.2.4, OUT, UNSUBSCRIBED, NONE,                NONE,             false, false, , NOTHING
            A.2.4, OUT, UNSUBSCRIBED, NONE_PENDING_OUT,    NONE_PENDING_OUT, false, false, , NOTHING
            A.2.4, OUT, UNSUBSCRIBED, NONE_PENDING_IN,     NONE,             false, true,  , NOTHING
            A.2.4, OUT, UNSUBSCRIBED, NONE_PENDING_OUT_IN, NONE_PENDING_OUT, false, true,  , NOTHING
            A.2.4, OUT, UNSUBSCRIBED, TO,                  TO,               false, false, , NOTHING
            A.2.4, OUT, UNSUBSCRIBED, TO_PENDING_IN,       TO,               false, true,  , NOTHING
            A.2.4, OUT, UNSUBSCRIBED, FROM,                NONE,             false, true,  , UNAVAILABLE
            A.2.4, OUT, UNSUBSCRIBED, FROM_PENDING_OUT,    NONE_PENDING_OUT, false, true,  , UNAVAILABLE
            A.2.4, OUT, UNSUBSCRIBED, BOTH,                TO,               false, true,  , UNAVAILABLE
            # A.3.1 Table 6, inbound subscribe: S.N. deliver where nothing changes; note [2] auto-reply
            A.3.1, IN, SUBSCRIBE, NONE,                NONE_PENDING_IN,     false, true,  ,           NOTHING
            A.3.1, IN, SUBSCRIBE, NONE_PENDING_OUT,    NONE_PENDING_OUT_IN, false, true,  ,           NOTHING
            A.3.1, IN, SUBSCRIBE, NONE_PENDING_IN,     NONE_PENDING_IN,     false, false, ,           NOTHING
            A.3.1, IN, SUBSCRIBE, NONE_PENDING_OUT_IN, NONE_PENDING_OUT_IN, false, false, ,           NOTHING
            A.3.1, IN, SUBSCRIBE, TO,                  TO_PENDING_IN,       false, true,  ,           NOTHING
            A.3.1, IN, SUBSCRIBE, TO_PENDING_IN,       TO_PENDING_IN,       false, false, ,           NOTHING
            A.3.1, IN, SUBSCRIBE, FROM,                FROM,                false, false, SUBSCRIBED, NOTHING
            A.3.1, IN, SUBSCRIBE, FROM_PENDING_OUT,    FROM_PENDING_OUT,    false, false, SUBSCRIBED, NOTHING
            A.3.1, IN, SUBSCRIBE, BOTH,                BOTH,                false, false, SUBSCRIBED, NOTHING
            # A.3.2 Table 7, inbound unsubscribe: note [1] auto-reply unsubscribed where the state changes
            A.3.2, IN, UNSUBSCRIBE, NONE,                NONE,             false, false, ,             NOTHING
            A.3.2, IN, UNSUBSCRIBE, NONE_PENDING_OUT,    NONE_PENDING_OUT, false, false, ,             NOTHING
            A.3.2, IN, UNSUBSCRIBE, NONE_PENDING_IN,     NONE,             false, true,  UNSUBSCRIBED, NOTHING
            A.3.2, IN, UNSUBSCRIBE, NONE_PENDING_OUT_IN, NONE_PENDING_OUT, false, true,  UNSUBSCRIBED, NOTHING
            A.3.2, IN, UNSUBSCRIBE, TO,                  TO,               false, false, ,             NOTHING
            A.3.2, IN, UNSUBSCRIBE, TO_PENDING_IN,       TO,               false, true,  UNSUBSCRIBED, NOTHING
            A.3.2, IN, UNSUBSCRIBE, FROM,                NONE,             false, true,  UNSUBSCRIBED, UNAVAILABLE
            A.3.2, IN, UNSUBSCRIBE, FROM_PENDING_OUT,    NONE_PENDING_OUT, false, true,  UNSUBSCRIBED, UNAVAILABLE
            A.3.2, IN, UNSUBSCRIBE, BOTH,                TO,               false, true,  UNSUBSCRIBED, UNAVAILABLE
            # A.3.3 Table 8, inbound subscribed: MUST deliver only with a request pending out
            A.3.3, IN, SUBSCRIBED, NONE,                NONE,             false, false, , NOTHING
            A.3.3, IN, SUBSCRIBED, NONE_PENDING_OUT,    TO,               false, true,  , NOTHING
            A.3.3, IN, SUBSCRIBED, NONE_PENDING_IN,     NONE_PENDING_IN,  false, false, , NOTHING
            A.3.3, IN, SUBSCRIBED, NONE_PENDING_OUT_IN, TO_PENDING_IN,    false, true,  , NOTHING
            A.3.3, IN, SUBSCRIBED, TO,                  TO,               false, false, , NOTHING
            A.3.3, IN, SUBSCRIBED, TO_PENDING_IN,       TO_PENDING_IN,    false, false, , NOTHING
            A.3.3, IN, SUBSCRIBED, FROM,                FROM,             false, false, , NOTHING
            A.3.3, IN, SUBSCRIBED, FROM_PENDING_OUT,    BOTH,             false, true,  , NOTHING
            A.3.3, IN, SUBSCRIBED, BOTH,                BOTH,             false, false, , NOTHING
            # A.3.4 Table 9, inbound unsubscribed: MUST deliver with a request pending out or a subscription to
            A.3.4, IN, UNSUBSCRIBED, NONE,                NONE,             false, false, , NOTHING
            A.3.4, IN, UNSUBSCRIBED, NONE_PENDING_OUT,    NONE,             false, true,  , NOTHING
            A.3.4, IN, UNSUBSCRIBED, NONE_PENDING_IN,     NONE_PENDING_IN,  false, false, , NOTHING
            A.3.4, IN, UNSUBSCRIBED, NONE_PENDING_OUT_IN, NONE_PENDING_IN,  false, true,  , NOTHING
            A.3.4, IN, UNSUBSCRIBED, TO,                  NONE,             false, true,  , NOTHING
            A.3.4, IN, UNSUBSCRIBED, TO_PENDING_IN,       NONE_PENDING_IN,  false, true,  , NOTHING
            A.3.4, IN, UNSUBSCRIBED, FROM,                FROM,             false, false, , NOTHING
            A.3.4, IN, UNSUBSCRIBED, FROM_PENDING_OUT,    FROM,             false, true,  , NOTHING
            A.3.4, IN, UNSUBSCRIBED, BOTH,                FROM,             false, true,  , NOTHING
            """)
    void appendixARow_givesTheTablesOutcome(String table, Direction direction, SubscriptionType type,
                                            SubscriptionState start, SubscriptionState expected,
                                            boolean approved, boolean forward, SubscriptionType autoReply,
                                            Sends sends) {
        RosterItem current = listed(start);

        Outcome outcome = apply(direction, current, type);

        assertThat(outcome.item().state()).as(table + " new state").isEqualTo(expected);
        assertThat(outcome.item().approved()).as(table + " approved").isEqualTo(approved);
        assertThat(outcome.forward()).as(table + " route/deliver").isEqualTo(forward);
        assertThat(outcome.autoReply()).as(table + " auto-reply").isEqualTo(autoReply);
        assertThat(outcome.sendPresence()).as(table + " presence").isEqualTo(sends == Sends.PRESENCE);
        assertThat(outcome.sendUnavailable()).as(table + " unavailable").isEqualTo(sends == Sends.UNAVAILABLE);
        assertThat(outcome.changed()).as(table + " changed").isEqualTo(expected != start || approved);
        assertThat(outcome.item().listed()).as(table + " listed").isTrue();
    }

    @Test
    void outboundSubscribed_contactNotInRoster_createsListedPreApprovalWithoutRouting() {
        Outcome outcome = SubscriptionTransitions.outbound(RosterItem.absent(JULIET), SubscriptionType.SUBSCRIBED);

        assertThat(outcome.item()).isEqualTo(new RosterItem(JULIET, null, Set.of(), SubscriptionState.NONE,
                true, true));
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.forward()).isFalse();
        assertThat(outcome.sendPresence()).isFalse();
    }

    @Test
    void outboundSubscribed_alreadyPreApproved_changesNothing() {
        RosterItem current = listed(SubscriptionState.NONE).withApproved(true);

        Outcome outcome = SubscriptionTransitions.outbound(current, SubscriptionType.SUBSCRIBED);

        assertThat(outcome.item()).isEqualTo(current);
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.forward()).isFalse();
    }

    @Test
    void inboundSubscribe_preApprovedInNone_autoApprovesWithoutDelivering() {
        RosterItem current = listed(SubscriptionState.NONE).withApproved(true);

        Outcome outcome = SubscriptionTransitions.inbound(current, SubscriptionType.SUBSCRIBE);

        assertThat(outcome.item().state()).isEqualTo(SubscriptionState.FROM);
        assertThat(outcome.item().approved()).isFalse();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.forward()).isFalse();
        assertThat(outcome.autoReply()).isEqualTo(SubscriptionType.SUBSCRIBED);
        assertThat(outcome.sendPresence()).isTrue();
        assertThat(outcome.sendUnavailable()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"NONE_PENDING_OUT, FROM_PENDING_OUT", "TO, BOTH"})
    void inboundSubscribe_preApprovedWithOwnSide_keepsItAndGrantsFrom(SubscriptionState start,
                                                                       SubscriptionState expected) {
        Outcome outcome = SubscriptionTransitions.inbound(listed(start).withApproved(true),
                SubscriptionType.SUBSCRIBE);

        assertThat(outcome.item().state()).isEqualTo(expected);
        assertThat(outcome.item().approved()).isFalse();
        assertThat(outcome.forward()).isFalse();
        assertThat(outcome.autoReply()).isEqualTo(SubscriptionType.SUBSCRIBED);
        assertThat(outcome.sendPresence()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionState.class, names = {"NONE", "NONE_PENDING_OUT", "TO"})
    void outboundUnsubscribed_withPreApproval_cancelsItWithoutRouting(SubscriptionState start) {
        Outcome outcome = SubscriptionTransitions.outbound(listed(start).withApproved(true),
                SubscriptionType.UNSUBSCRIBED);

        assertThat(outcome.item()).isEqualTo(listed(start));
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.forward()).isFalse();
        assertThat(outcome.sendUnavailable()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionType.class, names = {"SUBSCRIBE", "UNSUBSCRIBE"})
    void outboundRequestOrUnsubscribe_keepsPreApproval(SubscriptionType type) {
        Outcome outcome = SubscriptionTransitions.outbound(listed(SubscriptionState.NONE).withApproved(true), type);

        assertThat(outcome.item().approved()).isTrue();
    }

    @Test
    void preApprovalThenRequestThenCancel_endsListedInNone() {
        Outcome preApproved = SubscriptionTransitions.outbound(RosterItem.absent(JULIET),
                SubscriptionType.SUBSCRIBED);
        Outcome requested = SubscriptionTransitions.inbound(preApproved.item(), SubscriptionType.SUBSCRIBE);
        Outcome cancelled = SubscriptionTransitions.outbound(requested.item(), SubscriptionType.UNSUBSCRIBED);

        assertThat(requested.item().state()).isEqualTo(SubscriptionState.FROM);
        assertThat(cancelled.item()).isEqualTo(new RosterItem(JULIET, null, Set.of(), SubscriptionState.NONE,
                false, true));
        assertThat(cancelled.forward()).isTrue();
        assertThat(cancelled.sendUnavailable()).isTrue();
    }

    @Test
    void inboundSubscribe_contactNotInRoster_keepsUnlistedPendingIn() {
        Outcome outcome = SubscriptionTransitions.inbound(RosterItem.absent(JULIET), SubscriptionType.SUBSCRIBE);

        assertThat(outcome.item().state()).isEqualTo(SubscriptionState.NONE_PENDING_IN);
        assertThat(outcome.item().listed()).isFalse();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.forward()).isTrue();
        assertThat(outcome.autoReply()).isNull();
    }

    @Test
    void outboundSubscribe_contactNotInRoster_addsListedItemWithAsk() {
        Outcome outcome = SubscriptionTransitions.outbound(RosterItem.absent(JULIET), SubscriptionType.SUBSCRIBE);

        assertThat(outcome.item().state()).isEqualTo(SubscriptionState.NONE_PENDING_OUT);
        assertThat(outcome.item().state().pendingOut()).isTrue();
        assertThat(outcome.item().listed()).isTrue();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.forward()).isTrue();
    }

    @Test
    void outboundSubscribe_answeringUnlistedRequest_listsItem() {
        Outcome outcome = SubscriptionTransitions.outbound(unlistedRequest(), SubscriptionType.SUBSCRIBE);

        assertThat(outcome.item().state()).isEqualTo(SubscriptionState.NONE_PENDING_OUT_IN);
        assertThat(outcome.item().listed()).isTrue();
    }

    @Test
    void outboundSubscribed_approvingUnlistedRequest_addsContactToRoster() {
        Outcome outcome = SubscriptionTransitions.outbound(unlistedRequest(), SubscriptionType.SUBSCRIBED);

        assertThat(outcome.item().state()).isEqualTo(SubscriptionState.FROM);
        assertThat(outcome.item().listed()).isTrue();
        assertThat(outcome.forward()).isTrue();
        assertThat(outcome.sendPresence()).isTrue();
    }

    @Test
    void outboundUnsubscribed_denyingUnlistedRequest_leavesEmptyItem() {
        Outcome outcome = SubscriptionTransitions.outbound(unlistedRequest(), SubscriptionType.UNSUBSCRIBED);

        assertThat(outcome.item().isEmpty()).isTrue();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.forward()).isTrue();
        assertThat(outcome.sendUnavailable()).isFalse();
    }

    @Test
    void inboundUnsubscribe_withdrawingUnlistedRequest_leavesEmptyItem() {
        Outcome outcome = SubscriptionTransitions.inbound(unlistedRequest(), SubscriptionType.UNSUBSCRIBE);

        assertThat(outcome.item().isEmpty()).isTrue();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.autoReply()).isEqualTo(SubscriptionType.UNSUBSCRIBED);
    }

    @ParameterizedTest
    @EnumSource(SubscriptionType.class)
    void anyStanzaOnAbsentItem_neverListsItExceptOutboundSubscribeOrSubscribed(SubscriptionType type) {
        Outcome in = SubscriptionTransitions.inbound(RosterItem.absent(JULIET), type);
        Outcome out = SubscriptionTransitions.outbound(RosterItem.absent(JULIET), type);

        assertThat(in.item().listed()).isFalse();
        assertThat(out.item().listed()).isEqualTo(type == SubscriptionType.SUBSCRIBE
                || type == SubscriptionType.SUBSCRIBED);
    }

    @Test
    void transition_keepsNameAndGroups() {
        RosterItem current = new RosterItem(JULIET, "Juliet", Set.of("Capulets"), SubscriptionState.NONE_PENDING_OUT,
                false, true);

        Outcome outcome = SubscriptionTransitions.inbound(current, SubscriptionType.SUBSCRIBED);

        assertThat(outcome.item()).isEqualTo(current.withState(SubscriptionState.TO));
    }

    @Test
    void nullArguments_areRejected() {
        RosterItem absent = RosterItem.absent(JULIET);
        assertThatThrownBy(() -> SubscriptionTransitions.outbound(null, SubscriptionType.SUBSCRIBE))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SubscriptionTransitions.inbound(absent, null))
                .isInstanceOf(NullPointerException.class);
    }

    private static Outcome apply(Direction direction, RosterItem current, SubscriptionType type) {
        return direction == Direction.OUT
                ? SubscriptionTransitions.outbound(current, type)
                : SubscriptionTransitions.inbound(current, type);
    }

    private static RosterItem listed(SubscriptionState state) {
        return RosterItem.absent(JULIET).withState(state).withListed(true);
    }

    private static RosterItem unlistedRequest() {
        return RosterItem.absent(JULIET).withState(SubscriptionState.NONE_PENDING_IN);
    }
}
