package io.starling.server.it.presence;

import static io.starling.server.it.presence.SubscriptionPair.Start.BOTH;
import static io.starling.server.it.presence.SubscriptionPair.Start.FROM;
import static io.starling.server.it.presence.SubscriptionPair.Start.FROM_PENDING_OUT;
import static io.starling.server.it.presence.SubscriptionPair.Start.NONE;
import static io.starling.server.it.presence.SubscriptionPair.Start.NONE_LISTED;
import static io.starling.server.it.presence.SubscriptionPair.Start.NONE_PENDING_IN;
import static io.starling.server.it.presence.SubscriptionPair.Start.NONE_PENDING_OUT;
import static io.starling.server.it.presence.SubscriptionPair.Start.NONE_PENDING_OUT_IN;
import static io.starling.server.it.presence.SubscriptionPair.Start.TO;
import static io.starling.server.it.presence.SubscriptionPair.Start.TO_PENDING_IN;
import static io.starling.server.testing.SmackMember.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;
import static org.jivesoftware.smack.packet.Presence.Type.unavailable;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribe;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.starling.server.it.presence.SubscriptionPair.Start;
import io.starling.server.it.presence.SubscriptionPair.Views;
import io.starling.server.testing.SmackMember;
import io.starling.server.testing.TestServer;

/**
 * Every row of RFC 6121 Appendix A, end to end with Smack: a pair of online members is brought into a start state
 * with real subscription stanzas, A sends one more, and both rosters (as the server returns them and as Smack
 * builds them from pushes), what B's client received, and who sees whose presence are checked. A's outbound
 * processing (A.2) and B's inbound processing (A.3, in the mirrored state) are both covered by each row. The
 * scenarios around the table (pre-approval, offline requests, roster removal) are in
 * {@link SubscriptionScenariosIT}.
 */
class SubscriptionTransitionsIT {
    /** Eleven members give 55 distinct pairs; each parameterized case takes a fresh one. */
    private static final int MEMBERS = 11;

    private static TestServer server;
    private static final List<SmackMember> members = new ArrayList<>();
    private static Iterator<SubscriptionPair> pairs;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        List<SubscriptionPair> all = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            server.addUsers("table" + i);
            members.add(SmackMember.connect(server, "table" + i, "t"));
        }
        for (int i = 0; i < MEMBERS; i++) {
            for (int j = i + 1; j < MEMBERS; j++) {
                all.add(new SubscriptionPair(members.get(i), members.get(j)));
            }
        }
        pairs = all.iterator();
    }

    @AfterAll
    static void stop() {
        members.forEach(SmackMember::close);
        server.close();
    }

    /**
     * Start state (A's side), the stanza A sends to B, then A's item, B's item, and whether B's client gets the
     * stanza. B's side is the mirror of A's: A in None + Pending Out is B in None + Pending In, A in To is B in From.
     */
    static Stream<Arguments> appendixA() {
        return Stream.of(
                // A.2.1 outbound subscribe: always routed; A.3.1 inbound: delivered where B's state changes,
                // auto-answered 'subscribed' where A already is subscribed (B in From/Both), dropped if pending.
                row(NONE, subscribe, "none ask", ABSENT, true),
                row(NONE_LISTED, subscribe, "none ask", ABSENT, true),
                row(NONE_PENDING_OUT, subscribe, "none ask", ABSENT, false),
                row(NONE_PENDING_IN, subscribe, "none ask", "none ask", true),
                row(NONE_PENDING_OUT_IN, subscribe, "none ask", "none ask", false),
                row(TO, subscribe, "to", "from", false),
                row(TO_PENDING_IN, subscribe, "to", "from ask", false),
                row(FROM, subscribe, "from ask", "to", true),
                row(FROM_PENDING_OUT, subscribe, "from ask", "to", false),
                row(BOTH, subscribe, "both", "both", false),
                // A.2.2 outbound unsubscribe: always routed; A.3.2 inbound: delivered only where B's state changes.
                row(NONE, unsubscribe, ABSENT, ABSENT, false),
                row(NONE_LISTED, unsubscribe, "none", ABSENT, false),
                row(NONE_PENDING_OUT, unsubscribe, "none", ABSENT, true),
                row(NONE_PENDING_IN, unsubscribe, ABSENT, "none ask", false),
                row(NONE_PENDING_OUT_IN, unsubscribe, "none", "none ask", true),
                row(TO, unsubscribe, "none", "none", true),
                row(TO_PENDING_IN, unsubscribe, "none", "none ask", true),
                row(FROM, unsubscribe, "from", "to", false),
                row(FROM_PENDING_OUT, unsubscribe, "from", "to", true),
                row(BOTH, unsubscribe, "from", "to", true),
                // A.2.3 outbound subscribed: an approval where B asked, else a pre-approval (§3.4) kept by A's
                // server and never routed; ignored where B already is subscribed. A.3.3 inbound: only with B's
                // request pending.
                row(NONE, subscribed, "none approved", ABSENT, false),
                row(NONE_LISTED, subscribed, "none approved", ABSENT, false),
                row(NONE_PENDING_OUT, subscribed, "none ask approved", ABSENT, false),
                row(NONE_PENDING_IN, subscribed, "from", "to", true),
                row(NONE_PENDING_OUT_IN, subscribed, "from ask", "to", true),
                row(TO, subscribed, "to approved", "from", false),
                row(TO_PENDING_IN, subscribed, "both", "both", true),
                row(FROM, subscribed, "from", "to", false),
                row(FROM_PENDING_OUT, subscribed, "from ask", "to", false),
                row(BOTH, subscribed, "both", "both", false),
                // A.2.4 outbound unsubscribed: cancels or denies B's subscription or request; not routed where
                // there is none. A.3.4 inbound: delivered where B's state changes.
                row(NONE, unsubscribed, ABSENT, ABSENT, false),
                row(NONE_LISTED, unsubscribed, "none", ABSENT, false),
                row(NONE_PENDING_OUT, unsubscribed, "none ask", ABSENT, false),
                row(NONE_PENDING_IN, unsubscribed, ABSENT, "none", true),
                row(NONE_PENDING_OUT_IN, unsubscribed, "none ask", "none", true),
                row(TO, unsubscribed, "to", "from", false),
                row(TO_PENDING_IN, unsubscribed, "to", "from", true),
                row(FROM, unsubscribed, "none", "none", true),
                row(FROM_PENDING_OUT, unsubscribed, "none ask", "none", true),
                row(BOTH, unsubscribed, "to", "from", true));
    }

    private static Arguments row(Start start, Presence.Type sent, String a, String b, boolean delivered) {
        return Arguments.of(start, sent, new Views(a, b), delivered);
    }

    @ParameterizedTest(name = "[{index}] A in {0} sends {1}: {2}, delivered {3}")
    @MethodSource("appendixA")
    void subscriptionStanza_changesBothRostersAsAppendixASays(Start start, Presence.Type sent, Views expected,
                                                              boolean delivered) throws Exception {
        SubscriptionPair p = pairs.next();
        p.reach(start);
        p.a.inbox().clear();
        p.b.inbox().clear();

        p.a.send(sent, p.b);

        assertThat(p.settle()).as("rosters the server returns").isEqualTo(expected);
        p.awaitCached(expected);
        assertThat(p.b.inbox().subscriptionsFrom(p.a.jid())).as("subscription stanzas B's client got")
                .isEqualTo(delivered ? List.of(sent) : List.of());
        // §3.1.2 and friends: the user's server stamps the stanza with the user's bare JID.
        assertThat(p.b.inbox().from(p.a.jid())).filteredOn(s -> s.getType() == sent)
                .allSatisfy(s -> assertThat(s.getFrom().hasNoResource()).isTrue());
        // B's server answers some of them on B's behalf (A.3.1 note [2], §3.3.3); A's server swallows those.
        assertThat(p.a.inbox().subscriptionsFrom(p.b.jid())).as("subscription stanzas A's client got").isEmpty();
        p.awaitPresenceFollows(expected);
        if (sent == unsubscribed && SubscriptionPair.receives(start.views.b())) {
            // §3.2.2: unavailable presence reaches B while it is still subscribed, i.e. before the unsubscribed.
            assertThat(p.b.inbox().typesFrom(p.a.jid())).containsSubsequence(unavailable, unsubscribed);
        }
    }

    /** Start state (A's side), what B's client gets from A when A removes B from its roster, B's item after. */
    static Stream<Arguments> removals() {
        return Stream.of(
                Arguments.of(NONE_LISTED, List.of(), ABSENT),
                Arguments.of(NONE_PENDING_OUT, List.of(unsubscribe), ABSENT),
                Arguments.of(NONE_PENDING_OUT_IN, List.of(unsubscribed, unsubscribe), "none"),
                Arguments.of(TO, List.of(unsubscribe), "none"),
                Arguments.of(TO_PENDING_IN, List.of(unsubscribed, unsubscribe), "none"),
                Arguments.of(FROM, List.of(unsubscribed), "none"),
                Arguments.of(FROM_PENDING_OUT, List.of(unsubscribed, unsubscribe), "none"),
                Arguments.of(BOTH, List.of(unsubscribed, unsubscribe), "none"));
    }

    /**
     * RFC 6121 §2.5.2: removing an item cancels the subscription both ways (and any request), B sees A go
     * unavailable, and the item is gone from A's roster.
     */
    @ParameterizedTest(name = "[{index}] A in {0} removes B: B gets {1}, B has [{2}]")
    @MethodSource("removals")
    void rosterRemove_cancelsBothDirectionsAndDeletesTheItem(Start start, List<Presence.Type> bGets, String bAfter)
            throws Exception {
        SubscriptionPair p = pairs.next();
        p.reach(start);
        p.a.inbox().clear();
        p.b.inbox().clear();

        p.a.roster().removeEntry(p.a.roster().getEntry(p.b.jid()));

        Views expected = new Views(ABSENT, bAfter);
        assertThat(p.settle()).as("rosters the server returns").isEqualTo(expected);
        p.awaitCached(expected);
        assertThat(p.b.inbox().subscriptionsFrom(p.a.jid())).as("subscription stanzas B's client got")
                .isEqualTo(bGets);
        assertThat(p.a.inbox().subscriptionsFrom(p.b.jid())).as("subscription stanzas A's client got").isEmpty();
        p.awaitPresenceFollows(expected);
        if (SubscriptionPair.receives(start.views.b())) {
            assertThat(p.b.inbox().typesFrom(p.a.jid())).containsSubsequence(unavailable, unsubscribed);
        }
    }
}
