package io.starling.presence.engine;

import static io.starling.presence.api.AggregateState.AWAY;
import static io.starling.presence.api.AggregateState.DND;
import static io.starling.presence.api.AggregateState.INVISIBLE;
import static io.starling.presence.api.AggregateState.OFFLINE;
import static io.starling.presence.api.AggregateState.ONLINE;
import static io.starling.presence.api.AggregateState.XA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.RecordingSession;
import io.starling.core.xml.XmlElement;
import io.starling.presence.api.AggregateState;
import io.starling.presence.block.BlockList;

/**
 * {@link MemberState#computeAggregate()}: the most present visible session wins, in the order
 * online (and chat) &gt; dnd &gt; away &gt; xa; invisible only when every available session is invisible; offline
 * when no session has sent available presence.
 */
class MemberStateTest {
    private static final String BARE = "alice@example.com";

    private final MemberState member = new MemberState(Jid.parse(BARE), Map.of(), 0, BlockList.EMPTY);
    private int resources;

    /** A bound session that has not sent initial presence. */
    private ResourceState connected() {
        RecordingSession session = new RecordingSession(BARE + "/r" + ++resources, false, 0);
        ResourceState rs = new ResourceState(session);
        member.resources.put(session, rs);
        return rs;
    }

    /** A session whose last broadcast presence has this {@code <show/>} (none when null). */
    private ResourceState available(String show) {
        ResourceState rs = connected();
        rs.presence = presence(rs, show);
        return rs;
    }

    private static Stanza presence(ResourceState rs, String show) {
        List<XmlElement> children = show == null ? List.of()
                : List.of(XmlElement.builder(Namespaces.CLIENT, "show").text(show).build());
        return Stanza.build(Stanza.Kind.PRESENCE, null, rs.session.jid(), null, null, children);
    }

    @Test
    void noSessions_offline() {
        assertThat(member.computeAggregate()).isEqualTo(OFFLINE);
    }

    @Test
    void connectedWithoutInitialPresence_offline() {
        connected();
        connected();

        assertThat(member.computeAggregate()).isEqualTo(OFFLINE);
    }

    @ParameterizedTest(name = "<show>{0}</show> -> {1}")
    @CsvSource(value = {"NONE, ONLINE", "chat, ONLINE", "away, AWAY", "dnd, DND", "xa, XA", "'', ONLINE",
            "' away\n', AWAY", "sleeping, ONLINE", "AWAY, ONLINE"}, nullValues = "NONE")
    void oneAvailableSession_stateOfItsShow(String show, AggregateState expected) {
        available(show);

        assertThat(member.computeAggregate()).isEqualTo(expected);
    }

    @Test
    void everyInsertionOrder_mostPresentWins() {
        List<String> shows = Arrays.asList(null, "dnd", "away", "xa");
        List<AggregateState> ranking = List.of(ONLINE, DND, AWAY, XA);
        for (List<String> order : permutations(shows)) {
            MemberState m = new MemberState(Jid.parse(BARE), Map.of(), 0, BlockList.EMPTY);
            AggregateState best = OFFLINE;
            for (String show : order) {
                RecordingSession session = new RecordingSession(BARE + "/" + show, false, 0);
                ResourceState rs = new ResourceState(session);
                rs.presence = presence(rs, show);
                m.resources.put(session, rs);
                AggregateState added = AggregateState.ofShow(show);
                if (best == OFFLINE || ranking.indexOf(added) < ranking.indexOf(best)) {
                    best = added;
                }

                assertThat(m.computeAggregate()).as("sessions added in order %s", order).isEqualTo(best);
            }
        }
    }

    @Test
    void chatAndOnline_bothOnline() {
        available("chat");
        available(null);
        available("xa");

        assertThat(member.computeAggregate()).isEqualTo(ONLINE);
    }

    @Test
    void onlyInvisibleSessions_invisible() {
        available(null).invisible = true;
        available("away").invisible = true;

        assertThat(member.computeAggregate()).isEqualTo(INVISIBLE);
    }

    @Test
    void invisibleOnlineBesideVisibleXa_xa() {
        available(null).invisible = true;
        available("xa");

        assertThat(member.computeAggregate()).isEqualTo(XA);
    }

    @Test
    void invisibleBeforeInitialPresence_offline() {
        connected().invisible = true;

        assertThat(member.computeAggregate()).isEqualTo(OFFLINE);
    }

    @Test
    void sessionsWithoutPresence_ignoredBesideAvailableOnes() {
        connected();
        available("dnd");
        connected().invisible = true;

        assertThat(member.computeAggregate()).isEqualTo(DND);
    }

    @Test
    void ranks_documentedOrder() {
        assertThat(Arrays.stream(AggregateState.values()).sorted(Comparator.comparingInt(AggregateState::rank)
                .reversed())).containsExactly(ONLINE, DND, AWAY, XA, INVISIBLE, OFFLINE);
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            List<List<T>> one = new ArrayList<>();
            one.add(new ArrayList<>());
            return one;
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                tail.add(0, head);
                out.add(tail);
            }
        }
        return out;
    }
}
