package io.starling.server.it.presence;

import static io.starling.server.testing.SmackMember.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;
import static org.jivesoftware.smack.packet.Presence.Type.unavailable;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribe;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.server.it.presence.SubscriptionPair.Start;
import io.starling.server.it.presence.SubscriptionPair.Views;
import io.starling.core.testing.Await;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackMember;
import io.starling.server.testing.TestServer;

/**
 * Every row of RFC 6121 Appendix A, end to end with Smack: a pair of online members is brought into a start state
 * with real subscription stanzas, A sends one more, and both rosters (as the server returns them and as Smack
 * builds them from pushes), what B's client received, and who sees whose presence are checked. A's outbound
 * processing (A.2) and B's inbound processing (A.3, in the mirrored state) are both covered by each row. Then the
 * scenarios around the table (RFC 6121 §2.5, §3): roster removal from each state, pre-approval, a request to an
 * offline contact, and what an approval sends.
 */
class SubscriptionTransitionsIT {
    /** Eleven members give 55 distinct pairs; each parameterized case takes a fresh one. */
    private static final int MEMBERS = 11;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestServer server;
    private static final List<SmackMember> members = new ArrayList<>();
    private static Iterator<SubscriptionPair> pairs;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("pre-user", "pre-contact", "undo-user", "undo-contact", "away-user", "away-contact",
                "busy-user", "busy-contact", "offline-user", "offline-contact", "blocking-user", "blocked-contact",
                "wire-user", "wire-contact");
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

    /** One row of Appendix A per case ({@link SubscriptionTable#appendixA()}): A.2 for A, A.3 for B. */
    @ParameterizedTest(name = "[{index}] A in {0} sends {1}: {2}, delivered {3}")
    @MethodSource("io.starling.server.it.presence.SubscriptionTable#appendixA")
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

    /**
     * RFC 6121 §2.5.2: removing an item cancels the subscription both ways (and any request), B sees A go
     * unavailable, and the item is gone from A's roster.
     */
    @ParameterizedTest(name = "[{index}] A in {0} removes B: B gets {1}, B has [{2}]")
    @MethodSource("io.starling.server.it.presence.SubscriptionTable#removals")
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

    /** §3.4.2: B's request meets A's pre-approval: approved by A's server, never shown to A's client. */
    @ParameterizedTest(name = "[{index}] A in {0} pre-approves, B asks: {1}")
    @MethodSource("io.starling.server.it.presence.SubscriptionTable#preApprovals")
    void preApprovalInEachState_requestApprovedWithoutReachingTheUser(Start start, Views expected)
            throws Exception {
        SubscriptionPair p = pairs.next();
        p.reach(start);
        p.a.send(subscribed, p.b);
        assertThat(p.settle().a()).endsWith(" approved");
        p.a.inbox().clear();
        p.b.inbox().clear();

        p.b.send(subscribe, p.a);

        assertThat(p.settle()).as("rosters the server returns").isEqualTo(expected);
        p.awaitCached(expected);
        assertThat(p.a.inbox().subscriptionsFrom(p.b.jid())).as("never delivered to A").isEmpty();
        assertThat(p.b.inbox().subscriptionsFrom(p.a.jid())).containsExactly(subscribed);
        p.awaitPresenceFollows(expected);
    }

    /** §3.4: the contact's later request is approved by the server and never reaches the user's client. */
    @Test
    void preApproval_contactsRequestIsApprovedWithoutReachingTheUser() throws Exception {
        try (SmackMember user = SmackMember.connect(server, "pre-user", "r");
             SmackMember contact = SmackMember.connect(server, "pre-contact", "r")) {
            SubscriptionPair p = new SubscriptionPair(user, contact);
            assertThat(user.roster().isSubscriptionPreApprovalSupported()).as("§3.4.1 stream feature").isTrue();

            user.roster().preApprove(contact.jid());
            assertThat(p.settle()).isEqualTo(new Views("none approved", ABSENT));
            assertThat(contact.inbox().subscriptionsFrom(user.jid())).as("§3.4.2: not routed").isEmpty();

            contact.send(subscribe, user);
            assertThat(p.settle()).isEqualTo(new Views("from", "to"));
            p.awaitCached(new Views("from", "to"));
            assertThat(user.inbox().subscriptionsFrom(contact.jid())).as("never delivered to the user").isEmpty();
            assertThat(contact.inbox().subscriptionsFrom(user.jid())).containsExactly(subscribed);
            Await.until("the contact sees the user", () -> contact.seesAvailable(user));

            // The pre-approval was used up: a new request after an unsubscribe reaches the user.
            contact.send(unsubscribe, user);
            assertThat(p.settle()).isEqualTo(new Views("none", "none"));
            contact.send(subscribe, user);
            assertThat(p.settle()).isEqualTo(new Views("none", "none ask"));
            assertThat(user.inbox().subscriptionsFrom(contact.jid())).containsExactly(unsubscribe, subscribe);
        }
    }

    /** §3.4.2 implementation note: 'unsubscribed' cancels a pre-approval; the next request is the user's to answer. */
    @Test
    void preApprovalCancelled_contactsRequestReachesTheUser() throws Exception {
        try (SmackMember user = SmackMember.connect(server, "undo-user", "r");
             SmackMember contact = SmackMember.connect(server, "undo-contact", "r")) {
            SubscriptionPair p = new SubscriptionPair(user, contact);
            user.send(subscribed, contact);
            assertThat(p.settle()).isEqualTo(new Views("none approved", ABSENT));

            user.send(unsubscribed, contact);
            assertThat(p.settle()).isEqualTo(new Views("none", ABSENT));
            contact.send(subscribe, user);

            assertThat(p.settle()).isEqualTo(new Views("none", "none ask"));
            assertThat(user.inbox().subscriptionsFrom(contact.jid())).containsExactly(subscribe);
            assertThat(contact.inbox().subscriptionsFrom(user.jid())).as("nothing was sent on the user's behalf")
                    .isEmpty();
            assertThat(contact.seesAvailable(user)).isFalse();
        }
    }

    /**
     * §3.1.3: a request to a contact with no available resource is kept and delivered at each of the contact's
     * next logins until the contact answers it.
     */
    @Test
    void requestToOfflineContact_deliveredAtEachLoginUntilAnswered() throws Exception {
        EntityBareJid contactJid = JidCreate.entityBareFrom("offline-contact@localhost");
        try (SmackMember user = SmackMember.connect(server, "offline-user", "r")) {
            user.send(subscribe, contactJid);
            assertThat(SmackMember.view(user.fetchRoster(), contactJid)).isEqualTo("none ask");

            try (SmackMember contact = SmackMember.connect(server, "offline-contact", "first")) {
                contact.fetchRoster(); // the contact's presence work, redelivery included, is done
                assertThat(contact.inbox().from(user.jid())).singleElement().satisfies(s -> {
                    assertThat(s.getType()).isEqualTo(subscribe);
                    assertThat(s.getFrom().hasNoResource()).isTrue();
                });
                assertThat(contact.cachedView(user)).as("§3.1.3: no roster item until approved").isEqualTo(ABSENT);
            }
            try (SmackMember contact = SmackMember.connect(server, "offline-contact", "second")) {
                SubscriptionPair p = new SubscriptionPair(user, contact);
                assertThat(p.settle()).isEqualTo(new Views("none ask", ABSENT));
                assertThat(contact.inbox().subscriptionsFrom(user.jid())).as("again, still unanswered")
                        .containsExactly(subscribe);

                contact.send(subscribed, user);
                assertThat(p.settle()).isEqualTo(new Views("to", "from"));
                Await.until("the user sees the contact", () -> user.seesAvailable(contact));
            }
            try (SmackMember contact = SmackMember.connect(server, "offline-contact", "third")) {
                contact.fetchRoster();
                assertThat(contact.inbox().subscriptionsFrom(user.jid())).as("answered: not delivered again")
                        .isEmpty();
            }
        }
    }

    /**
     * §3.1.5: approving sends the contact the user's current presence, from each available resource, with its
     * show and status; probes are the server's business, the contact's client sends none.
     */
    @Test
    void approval_sendsEachResourcesCurrentPresenceToTheContact() throws Exception {
        try (SmackMember desk = SmackMember.connect(server, "away-user", "desk");
             SmackMember phone = SmackMember.connect(server, "away-user", "phone");
             SmackMember contact = SmackMember.connect(server, "away-contact", "r")) {
            setPresence(desk.connection(), Presence.Mode.away, "at lunch 🍜");
            setPresence(phone.connection(), Presence.Mode.dnd, "driving");
            desk.fetchRoster();
            phone.fetchRoster();

            contact.send(subscribe, desk);
            new SubscriptionPair(desk, contact).settle();
            phone.fetchRoster();
            assertThat(desk.inbox().subscriptionsFrom(contact.jid())).containsExactly(subscribe);
            assertThat(phone.inbox().subscriptionsFrom(contact.jid())).as("every available resource gets it")
                    .containsExactly(subscribe);
            assertThat(contact.seesAvailable(desk)).isFalse();

            desk.send(subscribed, contact);

            Await.until("both resources' presence reaches the contact",
                    () -> contact.roster().getAvailablePresences(desk.jid()).size() == 2);
            List<Presence> seen = contact.roster().getAvailablePresences(desk.jid());
            assertThat(seen).extracting(Presence::getMode).containsExactlyInAnyOrder(Presence.Mode.away,
                    Presence.Mode.dnd);
            assertThat(seen).extracting(Presence::getStatus).containsExactlyInAnyOrder("at lunch 🍜", "driving");
            Await.until("the other resource learns of the approval by a push",
                    () -> "from".equals(phone.cachedView(contact)));
        }
    }

    /** An approval while the user is connected but has sent no presence yet sends nothing: nothing to send. */
    @Test
    void approvalWithoutAvailableResource_sendsNoPresence() throws Exception {
        try (SmackMember contact = SmackMember.connect(server, "busy-contact", "r");
             SmackMember user = SmackMember.connect(server, "busy-user", "r")) {
            SubscriptionPair p = new SubscriptionPair(user, contact);
            contact.send(subscribe, user);
            p.settle();
            user.connection().sendStanza(user.connection().getStanzaFactory().buildPresenceStanza()
                    .ofType(Presence.Type.unavailable).build());
            user.send(subscribed, contact);
            assertThat(p.settle()).isEqualTo(new Views("from", "to"));
            assertThat(contact.inbox().typesFrom(user.jid())).containsExactly(subscribed);
        }
    }

    /** XEP-0191 §3.3: once the user blocks the contact, the contact's pending request is not redelivered. */
    @Test
    void pendingRequestFromBlockedContact_notRedeliveredAtLogin() throws Exception {
        try (SmackMember contact = SmackMember.connect(server, "blocked-contact", "r")) {
            EntityBareJid userJid = JidCreate.entityBareFrom("blocking-user@localhost");
            contact.send(subscribe, userJid);
            contact.fetchRoster();
            try (SmackMember user = SmackMember.connect(server, "blocking-user", "first")) {
                user.fetchRoster();
                assertThat(user.inbox().subscriptionsFrom(contact.jid())).containsExactly(subscribe);
                BlockingCommandManager.getInstanceFor(user.connection()).blockContacts(List.of(contact.jid()));
            }
            try (SmackMember user = SmackMember.connect(server, "blocking-user", "second")) {
                user.fetchRoster();
                assertThat(user.inbox().subscriptionsFrom(contact.jid())).as("from a blocked contact").isEmpty();
            }
        }
    }

    /**
     * §3.1.6, §3.2.3: an inbound approval or cancellation is delivered to the user before the roster push that
     * reflects it. Seen on the wire, where Smack would hide the order.
     */
    @Test
    void inboundApprovalAndCancellation_deliveredBeforeTheirRosterPush() throws Exception {
        try (RawXmppClient user = new RawXmppClient(server.port()).login("wire-user", TestServer.PASSWORD, "w");
             SmackMember contact = SmackMember.connect(server, "wire-contact", "r")) {
            user.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>").awaitStanza("r1", WAIT);
            user.send("<presence/><presence type='subscribe' to='wire-contact@localhost'/>");
            user.send("<iq type='get' id='r2'><query xmlns='jabber:iq:roster'/></iq>").awaitStanza("r2", WAIT);
            contact.fetchRoster();
            user.clearReceived();

            contact.send(subscribed, JidCreate.entityBareFrom("wire-user@localhost"));
            String approved = user.awaitContains("subscription='to'", WAIT);
            assertThat(approved.indexOf("type='subscribed'")).as("approval, then push: " + approved)
                    .isBetween(0, approved.indexOf("subscription='to'"));

            user.clearReceived();
            contact.send(unsubscribed, JidCreate.entityBareFrom("wire-user@localhost"));
            String cancelled = user.awaitContains("subscription='none'", WAIT);
            assertThat(cancelled.indexOf("type='unsubscribed'")).as("cancellation, then push: " + cancelled)
                    .isBetween(0, cancelled.indexOf("subscription='none'"));
        }
    }

    private static void setPresence(XMPPTCPConnection c, Presence.Mode mode, String status) throws Exception {
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().setMode(mode).setStatus(status).build());
    }
}
