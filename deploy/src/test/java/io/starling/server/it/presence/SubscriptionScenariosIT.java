package io.starling.server.it.presence;

import static io.starling.server.testing.SmackMember.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribe;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribed;

import java.util.List;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.server.it.presence.SubscriptionPair.Views;
import io.starling.server.testing.Await;
import io.starling.server.testing.SmackMember;
import io.starling.server.testing.TestServer;

/**
 * Subscription scenarios beyond single transitions (RFC 6121 §3): pre-approval, a request to an offline contact,
 * and what an approval sends. The Appendix A table itself is {@link SubscriptionTransitionsIT}.
 */
class SubscriptionScenariosIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("pre-user", "pre-contact", "undo-user", "undo-contact", "away-user", "away-contact",
                "busy-user", "busy-contact");
    }

    @AfterAll
    static void stop() {
        server.close();
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
        server.addUsers("offline-user", "offline-contact");
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

    private static void setPresence(XMPPTCPConnection c, Presence.Mode mode, String status) throws Exception {
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().setMode(mode).setStatus(status).build());
    }
}
