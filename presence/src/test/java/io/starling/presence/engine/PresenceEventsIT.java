package io.starling.presence.engine;

import static io.starling.presence.api.AggregateState.AWAY;
import static io.starling.presence.api.AggregateState.DND;
import static io.starling.presence.api.AggregateState.INVISIBLE;
import static io.starling.presence.api.AggregateState.OFFLINE;
import static io.starling.presence.api.AggregateState.ONLINE;
import static io.starling.presence.api.AggregateState.XA;
import static io.starling.presence.api.ChangeReason.CONNECTION_LOST;
import static io.starling.presence.api.ChangeReason.LOGIN;
import static io.starling.presence.api.ChangeReason.LOGOUT;
import static io.starling.presence.api.ChangeReason.STATUS_CHANGE;
import static io.starling.presence.api.ChangeReason.TIMEOUT;
import static io.starling.presence.testing.PresenceTestServer.invisible;
import static io.starling.presence.testing.PresenceTestServer.presence;
import static io.starling.presence.testing.PresenceTestServer.presencesFrom;
import static io.starling.presence.testing.PresenceTestServer.unavailable;
import static io.starling.presence.testing.PresenceTestServer.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.starling.core.config.AuthConfig;
import io.starling.core.jid.Jid;
import io.starling.core.spi.CloseReason;
import io.starling.core.stanza.Stanza;
import io.starling.core.store.Database;
import io.starling.core.testing.RecordingSession;
import io.starling.core.testing.TestDatabase;
import io.starling.core.user.PostgresUserRepository;
import io.starling.core.user.UserService;
import io.starling.presence.PresenceConfig;
import io.starling.presence.api.AggregateState;
import io.starling.presence.api.ChangeReason;
import io.starling.presence.api.PresenceChanged;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.SubscriptionState;
import io.starling.core.testing.Await;
import io.starling.presence.testing.ManualClock;
import io.starling.presence.testing.PresenceTestServer;
import io.starling.presence.testing.RecordingPresenceListener;

/**
 * The {@link PresenceChanged} stream a listener hears while clients log in, change show, go invisible and drop,
 * with the engine assembled as in production over PostgreSQL (see {@link PresenceTestServer}).
 *
 * <p>Most tests run the engine on one stripe, so that a roster get from the {@code observer} session is a barrier
 * for every member's earlier work: after {@link #eventsOf} returns, an event the step did not cause can no longer
 * arrive. Each step also checks the dispatcher coalesced nothing, i.e. the listener heard the whole stream.
 */
class PresenceEventsIT {
    private static final PresenceConfig ONE_STRIPE = new PresenceConfig(5000, 256, 1, 10_000, 2000);
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CAROL = "carol@example.com";
    /** Has carol in her roster; the others have empty rosters. */
    private static final String DANA = "dana@example.com";
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    private static Database db;
    private static UserService users;
    private static PostgresRosterRepository rosters;

    private final RecordingPresenceListener osm = new RecordingPresenceListener("osm");
    private RecordingPresenceListener listener;
    private PresenceTestServer server;
    private RecordingSession observer;

    @BeforeAll
    static void database() {
        db = TestDatabase.open("classpath:db/migration/core", "classpath:db/migration/presence");
        users = new UserService(new PostgresUserRepository(db.dataSource()), db.jdbcExecutor(),
                AuthConfig.defaults());
        for (String name : List.of("alice", "bob", "carol", "dana", "observer")) {
            users.create(name, "secret").join();
        }
        rosters = new PostgresRosterRepository(db.dataSource());
    }

    @AfterAll
    static void closeDatabase() {
        users.close();
        db.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            listener.release();
            server.close();
            assertThat(listener.orderViolations()).as("seq strictly increasing per member").isEmpty();
        }
    }

    private void start(PresenceConfig config, Clock clock, RecordingPresenceListener presenceListener) {
        listener = presenceListener;
        server = new PresenceTestServer(db, users, config, clock, List.of(presenceListener));
        observer = server.connect("observer@example.com/sync");
    }

    private void start() {
        start(ONE_STRIPE, Clock.systemUTC(), osm);
    }

    /** Runs the action, waits until the engine and the listener are done with it, returns what the listener heard. */
    private List<PresenceChanged> eventsOf(Runnable action) {
        int before = listener.events().size();
        action.run();
        server.settle(observer);
        assertThat(server.events().coalesced()).as("events the listener never heard").isZero();
        List<PresenceChanged> all = listener.events();
        return all.subList(before, all.size());
    }

    private void expect(Runnable action, Tuple... changes) {
        List<PresenceChanged> events = eventsOf(action);
        assertThat(events).extracting(PresenceChanged::state, PresenceChanged::resources, PresenceChanged::reason)
                .containsExactly(changes);
    }

    private static Tuple change(AggregateState state, int resources, ChangeReason reason) {
        return tuple(state, resources, reason);
    }

    private RecordingSession login(String fullJid, String show) {
        RecordingSession session = server.connect(fullJid);
        server.send(session, presence(show));
        return session;
    }

    private static void subscribedToEachOther(String member, String contact) {
        Jid m = Jid.parse(member);
        Jid c = Jid.parse(contact);
        rosters.save(m, new RosterItem(c, null, Set.of(), SubscriptionState.BOTH, false, true));
        rosters.save(c, new RosterItem(m, null, Set.of(), SubscriptionState.BOTH, false, true));
    }

    @Test
    void showChanges_oneEventPerStateChange() {
        start();
        RecordingSession phone = server.connect(ALICE + "/phone");

        expect(() -> server.send(phone, presence(null)), change(ONLINE, 1, LOGIN));
        expect(() -> server.send(phone, presence("away")), change(AWAY, 1, STATUS_CHANGE));
        expect(() -> server.send(phone, presence("away", "at lunch")));
        expect(() -> server.send(phone, presence("dnd")), change(DND, 1, STATUS_CHANGE));
        expect(() -> server.send(phone, presence("xa")), change(XA, 1, STATUS_CHANGE));
        expect(() -> server.send(phone, presence("chat")), change(ONLINE, 1, STATUS_CHANGE));
        expect(() -> server.send(phone, presence(null)));
        expect(() -> server.send(phone, presence("chat")));
        assertThat(listener.events()).extracting(PresenceChanged::member).containsOnly(Jid.parse(ALICE));
    }

    @Test
    void secondResourceOnlineWhileFirstAway_onlineWithTwoResources() {
        start();
        RecordingSession phone = login(ALICE + "/phone", "away");
        settle();

        expect(() -> login(ALICE + "/laptop", null), change(ONLINE, 2, LOGIN));
        expect(() -> server.send(phone, presence("xa")));
        expect(() -> server.send(phone, unavailable()), change(ONLINE, 1, LOGOUT));
    }

    /** Ranking, most present first: online (and chat) > dnd > away > xa > invisible > offline. */
    @Test
    void severalResources_mostPresentWins() {
        start();
        expect(() -> login(ALICE + "/r1", "xa"), change(XA, 1, LOGIN));
        expect(() -> login(ALICE + "/r2", "away"), change(AWAY, 2, LOGIN));
        RecordingSession r3 = server.connect(ALICE + "/r3");
        expect(() -> server.send(r3, presence("dnd")), change(DND, 3, LOGIN));
        RecordingSession r4 = server.connect(ALICE + "/r4");
        expect(() -> server.send(r4, presence("chat")), change(ONLINE, 4, LOGIN));

        expect(() -> login(ALICE + "/r5", "xa"), change(ONLINE, 5, LOGIN));
        expect(() -> server.send(r4, unavailable()), change(DND, 4, LOGOUT));
        expect(() -> server.disconnect(r3, CloseReason.CONNECTION_LOST), change(AWAY, 3, CONNECTION_LOST));
        expect(() -> server.send(r4, presence("dnd")), change(DND, 4, LOGIN));
        expect(() -> server.disconnect(r4, CloseReason.TIMEOUT), change(AWAY, 3, TIMEOUT));
    }

    @Test
    void unavailablePresence_offlineByLogout() {
        start();
        RecordingSession phone = login(ALICE + "/phone", "dnd");
        settle();

        expect(() -> server.send(phone, unavailable()), change(OFFLINE, 0, LOGOUT));
        expect(() -> server.disconnect(phone, CloseReason.LOGOUT));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"LOGOUT, LOGOUT", "CONNECTION_LOST, CONNECTION_LOST", "STREAM_ERROR, CONNECTION_LOST",
            "TIMEOUT, TIMEOUT", "REPLACED, REPLACED", "SHUTDOWN, SHUTDOWN"})
    void sessionClosed_offlineWithTheCloseReason(CloseReason closed, ChangeReason expected) {
        start();
        RecordingSession phone = login(ALICE + "/phone", "away");
        settle();

        expect(() -> server.disconnect(phone, closed), change(OFFLINE, 0, expected));
    }

    @Test
    void connectedWithoutInitialPresence_noEventAtAll() {
        start();
        RecordingSession phone = server.connect(ALICE + "/phone");

        expect(() -> server.settle(phone));
        expect(() -> server.disconnect(phone, CloseReason.CONNECTION_LOST));
        assertThat(server.events().published()).isZero();
    }

    /** {@code resources} counts available sessions, not connected ones (PresenceChanged's javadoc says otherwise). */
    @Test
    void connectedWithoutPresenceBesideAnAvailableSession_notCounted() {
        start();
        expect(() -> login(ALICE + "/phone", null), change(ONLINE, 1, LOGIN));

        RecordingSession watch = server.connect(ALICE + "/watch");
        expect(() -> server.settle(watch));
        expect(() -> server.disconnect(watch, CloseReason.CONNECTION_LOST));
    }

    @Test
    void invisible_invisibleUntilVisibleAgain_contactsSeeNothing() {
        start();
        subscribedToEachOther(DANA, CAROL);
        RecordingSession carol = login(CAROL + "/desk", null);
        RecordingSession phone = login(DANA + "/phone", null);
        settle();
        Jid phoneJid = phone.jid();

        expect(() -> assertThat(server.request(phone, "set", invisible()).type()).isEqualTo("result"),
                change(INVISIBLE, 1, STATUS_CHANGE));
        assertThat(lastPresenceFrom(carol, phoneJid).type()).isEqualTo("unavailable");
        int seenByCarol = presencesFrom(carol, phoneJid).size();

        expect(() -> server.send(phone, presence(null)));
        expect(() -> server.send(phone, presence("chat")));
        expect(() -> server.send(phone, presence("away")));
        RecordingSession tablet = server.connect(DANA + "/tablet");
        expect(() -> server.send(tablet, presence("xa")), change(XA, 2, LOGIN));
        expect(() -> server.send(tablet, unavailable()), change(INVISIBLE, 1, LOGOUT));
        assertThat(presencesFrom(carol, phoneJid)).as("nothing from the invisible phone").hasSize(seenByCarol);

        expect(() -> server.request(phone, "set", visible()), change(AWAY, 1, STATUS_CHANGE));
        assertThat(lastPresenceFrom(carol, phoneJid).element().element("show").text()).isEqualTo("away");
    }

    @Test
    void invisibleBeforeInitialPresence_loginInvisibleNeverOnline() {
        start();
        RecordingSession phone = server.connect(ALICE + "/phone");

        expect(() -> server.request(phone, "set", invisible()));
        expect(() -> server.send(phone, presence(null)), change(INVISIBLE, 1, LOGIN));
        expect(() -> server.send(phone, presence("dnd")));
        expect(() -> server.request(phone, "set", visible()), change(DND, 1, STATUS_CHANGE));
        expect(() -> server.send(phone, presence(null)), change(ONLINE, 1, STATUS_CHANGE));
        expect(() -> server.request(phone, "set", invisible()), change(INVISIBLE, 1, STATUS_CHANGE));
        expect(() -> server.disconnect(phone, CloseReason.LOGOUT), change(OFFLINE, 0, LOGOUT));
    }

    @Test
    void fixedThenBackwardsClock_seqStrictlyIncreasingPerMember() {
        ManualClock clock = new ManualClock(T);
        start(ONE_STRIPE, clock, osm);
        RecordingSession alice = server.connect(ALICE + "/phone");
        RecordingSession bob = server.connect(BOB + "/phone");

        for (String show : new String[] {null, "away", "dnd"}) {
            eventsOf(() -> server.send(alice, presence(show)));
            eventsOf(() -> server.send(bob, presence(show)));
        }
        clock.set(T.minus(Duration.ofHours(1)));
        for (String show : new String[] {"xa", null}) {
            eventsOf(() -> server.send(alice, presence(show)));
            eventsOf(() -> server.send(bob, presence(show)));
        }
        clock.set(T.plus(Duration.ofHours(1)));
        eventsOf(() -> server.disconnect(alice, CloseReason.TIMEOUT));
        eventsOf(() -> server.disconnect(bob, CloseReason.LOGOUT));

        for (String member : List.of(ALICE, BOB)) {
            List<PresenceChanged> events = eventsFor(member);
            assertThat(events).hasSize(6);
            assertThat(events).extracting(PresenceChanged::seq).isSorted().doesNotHaveDuplicates();
            assertThat(events).extracting(PresenceChanged::at).containsExactly(T, T, T,
                    T.minus(Duration.ofHours(1)), T.minus(Duration.ofHours(1)), T.plus(Duration.ofHours(1)));
        }
        assertThat(eventsFor(ALICE).get(0).seq()).as("the clock, in microseconds").isEqualTo(micros(T));
        assertThat(eventsFor(ALICE).get(5).seq()).as("follows the clock again once it is ahead")
                .isEqualTo(micros(T.plus(Duration.ofHours(1))));
    }

    /** With no offline cache a member who logs out is forgotten, and reloaded from storage at the next login. */
    @Test
    void memberReloadedBetweenLogins_seqStillIncreasesOnAStoppedClock() {
        start(new PresenceConfig(5000, 256, 1, 10_000, 0), new ManualClock(T), osm);
        RecordingSession first = server.connect(ALICE + "/phone");
        expect(() -> server.send(first, presence(null)), change(ONLINE, 1, LOGIN));
        expect(() -> server.disconnect(first, CloseReason.LOGOUT), change(OFFLINE, 0, LOGOUT));

        RecordingSession second = server.connect(ALICE + "/phone");
        expect(() -> server.send(second, presence(null)), change(ONLINE, 1, LOGIN));
        assertThat(eventsFor(ALICE)).extracting(PresenceChanged::seq).isSorted().doesNotHaveDuplicates();
    }

    /**
     * 1,000 show changes from two members while the only listener is stuck in its first call: their contact gets
     * every broadcast at once, the listener's backlog stays one event per member, and once released it hears each
     * member's final state.
     */
    @Test
    void slowListener_broadcastsNotDelayed_finalStateDeliveredAfterRelease() throws InterruptedException {
        RecordingPresenceListener slow = RecordingPresenceListener.blocking("slow");
        start(PresenceConfig.defaults(), Clock.systemUTC(), slow);
        String alice = "slow-alice@example.com";
        String bob = "slow-bob@example.com";
        String carol = "slow-carol@example.com";
        subscribedToEachOther(alice, carol);
        subscribedToEachOther(bob, carol);
        RecordingSession contact = login(carol + "/desk", null);
        slow.awaitEntered();
        RecordingSession a = login(alice + "/phone", null);
        RecordingSession b = login(bob + "/phone", null);

        String[] shows = {"away", "xa", null, "dnd"};
        List<String> sentByAlice = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            server.send(a, presence(shows[i % 4]));
            server.send(b, presence(shows[(i + 1) % 4]));
            sentByAlice.add(shows[i % 4]);
        }
        Await.until("the contact got 501 broadcasts from each", Duration.ofSeconds(5), () ->
                presencesFrom(contact, a.jid()).size() == 501 && presencesFrom(contact, b.jid()).size() == 501);
        assertThat(presencesFrom(contact, a.jid()).subList(1, 501)).extracting(PresenceEventsIT::show)
                .containsExactlyElementsOf(sentByAlice);
        Await.until("every change published", () -> server.events().published() == 1 + 501 + 501);
        assertThat(slow.events()).as("still stuck in its first call").hasSize(1);
        assertThat(server.events().pending()).as("one pending event per member").isEqualTo(2);
        assertThat(server.events().coalesced()).isEqualTo(1000);

        slow.release();
        server.awaitListenersIdle();
        assertThat(slow.events()).extracting(e -> e.member().toString(), PresenceChanged::state,
                PresenceChanged::resources, PresenceChanged::reason).containsExactlyInAnyOrder(
                tuple(carol, ONLINE, 1, LOGIN),
                tuple(alice, DND, 1, STATUS_CHANGE),
                tuple(bob, AWAY, 1, STATUS_CHANGE));
    }

    private List<PresenceChanged> eventsFor(String member) {
        Jid bare = Jid.parse(member);
        return listener.events().stream().filter(e -> e.member().equals(bare)).toList();
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    private static String show(Stanza presence) {
        var show = presence.element().element("show");
        return show == null ? null : show.text();
    }

    private void settle() {
        server.settle(observer);
    }

    private static Stanza lastPresenceFrom(RecordingSession to, Jid from) {
        List<Stanza> p = presencesFrom(to, from);
        assertThat(p).as("presence from " + from + " at " + to.jid()).isNotEmpty();
        return p.get(p.size() - 1);
    }
}
