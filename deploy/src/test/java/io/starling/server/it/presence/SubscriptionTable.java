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
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribe;
import static org.jivesoftware.smack.packet.Presence.Type.unsubscribed;

import java.util.List;
import java.util.stream.Stream;

import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.params.provider.Arguments;

import io.starling.server.it.presence.SubscriptionPair.Start;
import io.starling.server.it.presence.SubscriptionPair.Views;

/**
 * The expected outcomes {@link SubscriptionTransitionsIT} drives, written out by hand from RFC 6121 Appendix A and
 * §2.5, §3.4 rather than computed from the server's own tables. Items are in {@link SubscriptionPair}'s notation.
 */
final class SubscriptionTable {
    private SubscriptionTable() {
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

    /** Start state (A's side) in which A pre-approves B (§3.4.2 rule 4), and both items once B has asked. */
    static Stream<Arguments> preApprovals() {
        return Stream.of(
                Arguments.of(NONE, new Views("from", "to")),
                Arguments.of(NONE_LISTED, new Views("from", "to")),
                Arguments.of(NONE_PENDING_OUT, new Views("from ask", "to")),
                Arguments.of(TO, new Views("both", "both")));
    }

    private static Arguments row(Start start, Presence.Type sent, String a, String b, boolean delivered) {
        return Arguments.of(start, sent, new Views(a, b), delivered);
    }
}
