package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.starling.core.jid.Jid;
import io.starling.presence.roster.RosterItem;
import io.starling.core.testing.Await;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackMember;
import io.starling.server.testing.TestServer;

/**
 * Roster and subscription input no library sends, over one raw session that must survive all of it: each gets its
 * stanza error (RFC 6121 §2.1.5, §2.3.3, §2.5.3, RFC 6120 §8.3.3), and afterwards the session still answers, two
 * other members (Smack) still chat and see each other's presence, and the stored rosters are untouched.
 */
class RosterBadInputIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final Map<String, String> MALLORY_ROSTER = Map.of("pal@localhost", "Pal [Pals]");
    private static final Map<String, String> VICTIM_ROSTER = Map.of("friend@localhost", "Friend [Old]");

    private static final AtomicInteger ids = new AtomicInteger();
    private static TestServer server;
    private static RawXmppClient mallory;
    private static SmackMember alice;
    private static SmackMember bob;
    private static StanzaCollector bobsMessages;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("mallory", "victim", "alice", "bob");
        try (RawXmppClient victim = new RawXmppClient(server.port()).login("victim", TestServer.PASSWORD, "v")) {
            victim.send("<iq type='set' id='v1'><query xmlns='jabber:iq:roster'><item jid='friend@localhost' "
                    + "name='Friend'><group>Old</group></item></query></iq>").awaitStanza("v1", WAIT);
        }
        mallory = new RawXmppClient(server.port()).login("mallory", TestServer.PASSWORD, "m");
        mallory.send("<presence/>");
        mallory.send("<iq type='set' id='m1'><query xmlns='jabber:iq:roster'><item jid='pal@localhost' "
                + "name='Pal'><group>Pals</group></item></query></iq>").awaitStanza("m1", WAIT);

        alice = SmackMember.connect(server, "alice", "a");
        bob = SmackMember.connect(server, "bob", "b");
        alice.send(subscribe, bob);
        bob.send(subscribed, alice);
        bob.send(subscribe, alice);
        alice.send(subscribed, bob);
        new SubscriptionPair(alice, bob).awaitPresenceFollows(new SubscriptionPair.Views("both", "both"));
        bobsMessages = bob.connection().createStanzaCollector(MessageTypeFilter.CHAT);
    }

    @AfterAll
    static void stop() throws Exception {
        mallory.close();
        alice.close();
        bob.close();
        server.close();
    }

    @AfterEach
    void sessionStillWorks_othersUnaffected_rostersIntact() throws Exception {
        String ping = "alive" + ids.incrementAndGet();
        assertThat(mallory.send("<iq type='get' to='localhost' id='" + ping + "'><ping xmlns='urn:xmpp:ping'/></iq>")
                .awaitStanza(ping, WAIT)).contains("type='result'");
        String roster = "roster" + ids.incrementAndGet();
        assertThat(mallory.send("<iq type='get' id='" + roster + "'><query xmlns='jabber:iq:roster'/></iq>")
                .awaitStanza(roster, WAIT)).contains("pal@localhost").doesNotContain("<item jid='x");
        mallory.clearReceived();

        String body = "still here " + ids.incrementAndGet();
        alice.connection().sendStanza(MessageBuilder.buildMessage().to(bob.jid()).ofType(Message.Type.chat)
                .setBody(body).build());
        Message got = bobsMessages.nextResult(TimeUnit.SECONDS.toMillis(10));
        assertThat(got).as("bob still gets alice's messages").isNotNull();
        assertThat(got.getBody()).isEqualTo(body);
        alice.connection().sendStanza(alice.connection().getStanzaFactory().buildPresenceStanza()
                .setStatus(body).build());
        Await.until("bob sees alice's new status", () -> body.equals(bob.roster().getPresence(alice.jid())
                .getStatus()));

        assertThat(stored("mallory@localhost")).isEqualTo(MALLORY_ROSTER);
        assertThat(stored("victim@localhost")).isEqualTo(VICTIM_ROSTER);
        assertThat(alice.inbox().subscriptionsFrom(org.jxmpp.jid.impl.JidCreate.bareFrom("mallory@localhost")))
                .as("nothing of mallory's reached alice").isEmpty();
    }

    /** The {@code <query/>} content of a roster set, and the error condition it earns. */
    static Stream<Arguments> badRosterSets() {
        return Stream.of(
                // RFC 6120 §8.3.3.8: an address that violates RFC 7622.
                Arguments.of("<item jid='bad@@localhost'/>", "jid-malformed"),
                Arguments.of("<item jid='@localhost'/>", "jid-malformed"),
                Arguments.of("<item jid='a b@localhost'/>", "jid-malformed"),
                Arguments.of("<item jid='pal@localhost/'/>", "jid-malformed"),
                Arguments.of("<item jid=''/>", "jid-malformed"),
                // RFC 6121 §2.3.3: more than one item; §2.1.5: exactly one, so none is as bad.
                Arguments.of("<item jid='x1@localhost'/><item jid='x2@localhost'/>", "bad-request"),
                Arguments.of("", "bad-request"),
                // Rosters hold bare JIDs; an item needs a 'jid' (§2.1.2.3); duplicate groups (§2.3.3).
                Arguments.of("<item jid='pal@localhost/home' name='Hijack'/>", "bad-request"),
                Arguments.of("<item name='no jid'/>", "bad-request"),
                Arguments.of("<item jid='x3@localhost'><group>G</group><group>G</group></item>", "bad-request"),
                // §2.3.3: empty or over-long group, over-long name.
                Arguments.of("<item jid='x4@localhost'><group></group></item>", "not-acceptable"),
                Arguments.of("<item jid='x5@localhost'><group>" + "g".repeat(257) + "</group></item>",
                        "not-acceptable"),
                Arguments.of("<item jid='x6@localhost' name='" + "n".repeat(1024) + "'/>", "not-acceptable"),
                // One's own JID is no contact.
                Arguments.of("<item jid='mallory@localhost'/>", "not-allowed"),
                // §2.5.3: removing an item that is not there.
                Arguments.of("<item jid='nobody@localhost' subscription='remove'/>", "item-not-found"),
                Arguments.of("<item jid='pal@localhost/home' subscription='remove'/>", "bad-request"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badRosterSets")
    void badRosterSet_answeredWithItsStanzaError(String items, String condition) throws Exception {
        expectError("<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>" + items + "</query></iq>",
                condition);
    }

    /** RFC 6121 §2.1.3: a roster get carries no item. */
    @Test
    void rosterGetWithItem_badRequest() throws Exception {
        expectError("<iq type='get' id='%s'><query xmlns='jabber:iq:roster'><item jid='pal@localhost'/></query>"
                + "</iq>", "bad-request");
    }

    /** RFC 6121 §2.1.5: only the account's own resources may read or change its roster. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"get", "set"})
    void rosterRequestToAnotherMembersBareJid_forbidden(String type) throws Exception {
        String item = "set".equals(type) ? "<item jid='mallory@localhost' name='trust me'/>" : "";
        expectError("<iq type='" + type + "' id='%s' to='victim@localhost'><query xmlns='jabber:iq:roster'>"
                + item + "</query></iq>", "forbidden");
    }

    /** RFC 6121 §2.1.2.5: a roster set's 'subscription' (but "remove"), 'ask' and 'approved' are ignored. */
    @Test
    void rosterSetClaimingASubscription_storedWithNone() throws Exception {
        String id = "forged" + ids.incrementAndGet();
        mallory.send("<iq type='set' id='" + id + "'><query xmlns='jabber:iq:roster'><item jid='forged@localhost' "
                + "subscription='both' ask='subscribe' approved='true'/></query></iq>");
        assertThat(mallory.awaitStanza(id, WAIT)).contains("type='result'");
        assertThat(mallory.received()).contains("subscription='none'").doesNotContain("ask=")
                .doesNotContain("approved=");
        RosterItem stored = server.storedRosters().load(Jid.parse("mallory@localhost")).items()
                .get(Jid.parse("forged@localhost"));
        assertThat(stored.state().name()).isEqualTo("NONE");
        assertThat(stored.approved()).isFalse();
        String remove = "unforge" + ids.incrementAndGet();
        mallory.send("<iq type='set' id='" + remove + "'><query xmlns='jabber:iq:roster'><item "
                + "jid='forged@localhost' subscription='remove'/></query></iq>");
        assertThat(mallory.awaitStanza(remove, WAIT)).contains("type='result'");
    }

    /** A subscription to oneself means nothing: bad-request, whichever the type and however addressed. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"subscribe", "subscribed", "unsubscribe", "unsubscribed"})
    void subscriptionToOneself_badRequest(String type) throws Exception {
        expectError("<presence type='" + type + "' id='%s' to='mallory@localhost'/>", "bad-request");
        expectError("<presence type='" + type + "' id='%s' to='mallory@localhost/elsewhere'/>", "bad-request");
    }

    /** RFC 6120 §8.3.3.1, RFC 6121 §4.7.1: a presence type the protocol does not define, broadcast or directed. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"foo", "Subscribe", "available", ""})
    void unknownPresenceType_badRequest(String type) throws Exception {
        expectError("<presence type='" + type + "' id='%s'/>", "bad-request");
        expectError("<presence type='" + type + "' id='%s' to='alice@localhost'/>", "bad-request");
    }

    /**
     * A subscription to an account that does not exist (RFC 6121 §8.5.1: ignored or service-unavailable, either is
     * fine), or to a domain there is no route to (no server-to-server yet: remote-server-not-found). The user's
     * item shows the request either way, and can be removed again.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"ghost@localhost", "someone@example.org"})
    void subscriptionToUnreachableContact_answeredOrIgnored_itemRemovable(String contact) throws Exception {
        String id = "far" + ids.incrementAndGet();
        mallory.send("<presence type='subscribe' id='" + id + "' to='" + contact + "'/>");
        String roster = "far" + ids.incrementAndGet();
        String result = mallory.send("<iq type='get' id='" + roster + "'><query xmlns='jabber:iq:roster'/></iq>")
                .awaitStanza(roster, WAIT);
        assertThat(result).contains("jid='" + contact + "'");
        if (contact.endsWith("example.org")) {
            assertThat(mallory.awaitStanza(id, WAIT)).contains("type='error'")
                    .contains("<remote-server-not-found xmlns='" + STANZAS + "'");
        }
        String remove = "far" + ids.incrementAndGet();
        assertThat(mallory.send("<iq type='set' id='" + remove + "'><query xmlns='jabber:iq:roster'><item jid='"
                + contact + "' subscription='remove'/></query></iq>").awaitStanza(remove, WAIT))
                .contains("type='result'");
    }

    /** Sends {@code stanza} with a fresh id in place of its {@code %s}; its answer must be that error. */
    private static void expectError(String stanza, String condition) throws Exception {
        String id = "bad" + ids.incrementAndGet();
        String reply = mallory.send(stanza.formatted(id)).awaitStanza(id, WAIT);
        assertThat(reply).contains("type='error'").contains("<" + condition + " xmlns='" + STANZAS + "'");
    }

    /** A member's roster as stored: each item as "name [groups]", by JID. */
    private static Map<String, String> stored(String owner) {
        Map<String, String> out = new TreeMap<>();
        for (RosterItem item : server.storedRosters().load(Jid.parse(owner)).items().values()) {
            out.put(item.contact().toString(), item.name() + " " + new TreeSet<>(item.groups()));
        }
        return out;
    }
}
