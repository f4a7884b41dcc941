package io.starling.presence.engine;

import static io.starling.presence.testing.PresenceTestServer.presence;
import static io.starling.presence.testing.PresenceTestServer.presencesFrom;
import static io.starling.presence.testing.PresenceTestServer.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.config.AuthConfig;
import io.starling.core.jid.Jid;
import io.starling.core.spi.CloseReason;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.store.Database;
import io.starling.core.testing.Await;
import io.starling.core.testing.RecordingSession;
import io.starling.core.testing.TestDatabase;
import io.starling.core.user.PostgresUserRepository;
import io.starling.core.user.UserService;
import io.starling.core.xml.XmlElement;
import io.starling.presence.PresenceConfig;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.SubscriptionState;
import io.starling.presence.testing.PausingMemberRepository;
import io.starling.presence.testing.PresenceTestServer;

/**
 * A full presence stripe (one stripe, one queued task) still takes every session end and every unavailable presence
 * (RFC 6121 §4.5.2): contacts never keep seeing a member that left. The stripe is held busy inside the roster load of
 * a member logging in ({@link PausingMemberRepository}) while the test fills its queue.
 */
class StripeOverloadIT {
    private static final PresenceConfig TINY = new PresenceConfig(5000, 256, 1, 1, 2000);
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CAROL = "carol@example.com";
    private static final String DAVE = "dave@example.com";

    private static Database db;
    private static UserService users;
    private static PostgresRosterRepository rosters;

    private PausingMemberRepository pausing;
    private PresenceTestServer server;

    @BeforeAll
    static void database() {
        db = TestDatabase.open("classpath:db/migration/core", "classpath:db/migration/presence");
        users = new UserService(new PostgresUserRepository(db.dataSource()), db.jdbcExecutor(),
                AuthConfig.defaults());
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            users.create(name, "secret").join();
        }
        rosters = new PostgresRosterRepository(db.dataSource());
        subscribedToEachOther(ALICE, BOB);
        subscribedToEachOther(CAROL, BOB);
    }

    @AfterAll
    static void closeDatabase() {
        users.close();
        db.close();
    }

    @AfterEach
    void stop() {
        pausing.resume();
        server.close();
    }

    @Test
    void fullStripe_closesAndUnavailableStillReachContacts_availablePresenceIsRefused() throws Exception {
        server = new PresenceTestServer(db, users, TINY, Clock.systemUTC(), List.of(),
                real -> pausing = new PausingMemberRepository(real));
        RecordingSession alice = login(ALICE + "/desk");
        RecordingSession carol = login(CAROL + "/desk");
        RecordingSession bob = login(BOB + "/desk");
        Await.until("bob learns alice and carol at login",
                () -> last(bob, alice).type() == null && last(bob, carol).type() == null);

        pausing.pauseOn(Jid.parse(DAVE));
        server.connect(DAVE + "/desk"); // its start is release work: taken although the load will hold the stripe
        pausing.awaitPaused();

        server.send(alice, presence("away")); // the one task the queue holds
        server.send(alice, presence("dnd"));  // refused
        server.send(alice, unavailable());    // past the bound, as release work
        server.send(alice, presence("xa"));   // refused: the unavailable waiting must stay alice's last word
        server.send(alice, unavailable());    // redundant: the waiting one already says it
        server.disconnect(carol, CloseReason.CONNECTION_LOST); // release work
        assertThat(conditions(alice)).containsExactly("resource-constraint", "resource-constraint");

        pausing.resume();
        Await.until("bob sees alice unavailable and carol gone",
                () -> "unavailable".equals(last(bob, alice).type()) && "unavailable".equals(last(bob, carol).type()));
        assertThat(presencesFrom(bob, alice.jid())).extracting(PresenceTestServer::show, Stanza::type)
                .containsExactly(tuple(null, null), tuple("away", null), tuple(null, "unavailable"));

        server.send(alice, presence("chat")); // the stripe has room again, and nothing waits for alice
        Await.until("bob sees alice again", () -> "chat".equals(PresenceTestServer.show(last(bob, alice))));
        server.settle(bob);
        assertThat(conditions(alice)).hasSize(2);
    }

    /**
     * Connects and sends initial presence, then waits until the session has its own presence back: the stripe is
     * done with it, and the next task finds the queue empty.
     */
    private RecordingSession login(String fullJid) {
        RecordingSession session = server.connect(fullJid);
        server.send(session, presence(null));
        Await.until(fullJid + " available", () -> !presencesFrom(session, session.jid()).isEmpty());
        return session;
    }

    private static Stanza last(RecordingSession to, RecordingSession from) {
        List<Stanza> seen = presencesFrom(to, from.jid());
        return seen.isEmpty() ? Stanza.build(Stanza.Kind.PRESENCE, null, null, "none yet", null, List.of())
                : seen.get(seen.size() - 1);
    }

    /** The stanza error conditions the session was sent, in order. */
    private static List<String> conditions(RecordingSession session) {
        return session.delivered().stream().filter(Stanza::isError).map(s -> {
            XmlElement error = s.element().element(Namespaces.CLIENT, "error");
            return error.elements().get(0).name();
        }).toList();
    }

    private static void subscribedToEachOther(String member, String contact) {
        Jid m = Jid.parse(member);
        Jid c = Jid.parse(contact);
        rosters.save(m, new RosterItem(c, null, Set.of(), SubscriptionState.BOTH, false, true));
        rosters.save(c, new RosterItem(m, null, Set.of(), SubscriptionState.BOTH, false, true));
    }
}
