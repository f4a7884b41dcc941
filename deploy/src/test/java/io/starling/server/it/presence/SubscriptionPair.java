package io.starling.server.it.presence;

import static io.starling.server.testing.SmackMember.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;

import java.util.Map;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jxmpp.jid.BareJid;

import io.starling.core.testing.Await;
import io.starling.server.testing.SmackMember;

/**
 * Two online members seen the way RFC 6121 Appendix A sees them: A is the user, B the contact. {@link Start} names
 * A's subscription state towards B and how to get there with real stanzas; {@link Views} is what each side's roster
 * shows (see {@link SmackMember} for the notation).
 */
final class SubscriptionPair {
    final SmackMember a;
    final SmackMember b;

    SubscriptionPair(SmackMember a, SmackMember b) {
        this.a = a;
        this.b = b;
    }

    /** A's item for B and B's item for A. */
    record Views(String a, String b) {
        @Override
        public String toString() {
            return "A has [" + a + "], B has [" + b + "]";
        }
    }

    /** One thing a member does during set-up. */
    @FunctionalInterface
    interface Step {
        void run(SubscriptionPair p) throws Exception;
    }

    /** The nine states of Appendix A.1 (A's side), plus a roster item for B that A added itself with no state. */
    enum Start {
        NONE(ABSENT, ABSENT),
        NONE_LISTED("none", ABSENT, p -> p.a.roster().createItem(p.b.jid(), null, null)),
        NONE_PENDING_OUT("none ask", ABSENT, byA(subscribe)),
        NONE_PENDING_IN(ABSENT, "none ask", byB(subscribe)),
        NONE_PENDING_OUT_IN("none ask", "none ask", byA(subscribe), byB(subscribe)),
        TO("to", "from", byA(subscribe), byB(subscribed)),
        TO_PENDING_IN("to", "from ask", byA(subscribe), byB(subscribed), byB(subscribe)),
        FROM("from", "to", byB(subscribe), byA(subscribed)),
        FROM_PENDING_OUT("from ask", "to", byB(subscribe), byA(subscribed), byA(subscribe)),
        BOTH("both", "both", byA(subscribe), byB(subscribed), byB(subscribe), byA(subscribed));

        final Views views;
        final Step[] steps;

        Start(String a, String b, Step... steps) {
            this.views = new Views(a, b);
            this.steps = steps;
        }
    }

    static Step byA(Presence.Type type) {
        return p -> p.a.send(type, p.b);
    }

    static Step byB(Presence.Type type) {
        return p -> p.b.send(type, p.a);
    }

    /** Plays the start's steps, each to completion, and checks both rosters show the start state. */
    void reach(Start start) throws Exception {
        for (Step step : start.steps) {
            step.run(this);
            settle();
        }
        assertThat(settle()).as("set-up of " + start).isEqualTo(start.views);
        awaitCached(start.views);
    }

    /**
     * Waits until the server has finished with everything either side sent, and returns both rosters as the server
     * reports them. A subscription stanza is handled on the sender's stripe, then on the recipient's, which may
     * answer on the recipient's behalf, handled on the sender's stripe again: a roster get from A, B, A, B queues
     * behind each step of such a chain whoever started it. Presence these steps send goes straight to the sessions
     * before the step ends, so it has arrived by the time the next get is answered.
     */
    Views settle() throws Exception {
        a.fetchRoster();
        b.fetchRoster();
        Map<BareJid, RosterPacket.Item> aRoster = a.fetchRoster();
        Map<BareJid, RosterPacket.Item> bRoster = b.fetchRoster();
        return new Views(SmackMember.view(aRoster, b), SmackMember.view(bRoster, a));
    }

    /** Smack's own rosters, built from roster pushes, come to show {@code expected}. */
    void awaitCached(Views expected) {
        Await.until("Smack's rosters show " + expected,
                () -> new Views(a.cachedView(b), b.cachedView(a)).equals(expected));
    }

    /** Each side sees the other available exactly when its item says it is subscribed ('to' or 'both'). */
    void awaitPresenceFollows(Views views) {
        boolean aSees = receives(views.a());
        boolean bSees = receives(views.b());
        Await.until("A " + (aSees ? "sees" : "does not see") + " B, B " + (bSees ? "sees" : "does not see") + " A",
                () -> a.seesAvailable(b) == aSees && b.seesAvailable(a) == bSees);
    }

    /** Whether an item in this view receives the contact's presence. */
    static boolean receives(String view) {
        return view.startsWith("to") || view.startsWith("both");
    }
}
