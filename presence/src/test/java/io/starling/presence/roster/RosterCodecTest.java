package io.starling.presence.roster;

import java.util.List;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.testing.WireXml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RosterCodecTest {
    private static final String NS = PresenceNamespaces.ROSTER;
    private static final Jid NURSE = Jid.parse("nurse@example.com");
    private static final String TRICKY = "Ju<li>e&t 'n' \"Ro\"meo \uD83D\uDE00 你好";

    private final RosterCodec codec = new RosterCodec(RosterCodec.Limits.defaults());

    /** Parses a roster {@code <query/>} the way a client would send it inside an IQ. */
    private static XmlElement query(String inner) {
        XmlElement iq = WireXml.parse("<iq type='set' id='s1'><query xmlns='jabber:iq:roster'>" + inner
                + "</query></iq>");
        return iq.element(NS, "query");
    }

    private static void assertError(ThrowingCallable call, StanzaErrorCondition condition) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StanzaErrorException.class, e -> {
            assertThat(e.condition()).isEqualTo(condition);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    private static RosterItem listed(String jid, String name, Set<String> groups, SubscriptionState state) {
        return new RosterItem(Jid.parse(jid), name, groups, state, false, true);
    }

    // ---- roster get (RFC 6121 §2.1.3, §2.6.2) ----

    @Test
    void parseGet_withoutVer_isUnversioned() {
        RosterQuery get = codec.parseGet(query(""));

        assertThat(get.versioned()).isFalse();
        assertThat(get.ver()).isNull();
    }

    @Test
    void parseGet_emptyVer_bootstrapsVersioning() {
        RosterQuery get = codec.parseGet(WireXml.parse("<iq type='get' id='g'><query xmlns='jabber:iq:roster'"
                + " ver=''/></iq>").element(NS, "query"));

        assertThat(get.versioned()).isTrue();
        assertThat(get.ver()).isEmpty();
    }

    @Test
    void parseGet_withVer_returnsIt() {
        XmlElement q = XmlElement.builder(NS, "query").attribute("ver", "ver14").build();

        assertThat(codec.parseGet(q)).isEqualTo(new RosterQuery("ver14"));
    }

    @Test
    void parseGet_withItem_isBadRequest() {
        assertError(() -> codec.parseGet(query("<item jid='nurse@example.com'/>")), StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseGet_notARosterQuery_isProgrammingError() {
        XmlElement ping = XmlElement.builder(Namespaces.PING, "ping").build();

        assertThatThrownBy(() -> codec.parseGet(ping)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- roster set (RFC 6121 §2.1.5, §2.3.3, §2.5) ----

    @Test
    void parseSet_itemWithNameAndGroups_isUpdate() {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com' name='Nurse'>"
                + "<group>Servants</group><group>Capulets</group></item>"));

        assertThat(set).isEqualTo(new RosterSet.Update(NURSE, "Nurse", Set.of("Servants", "Capulets")));
    }

    @Test
    void parseSet_noGroupsNoName_isUpdateWithNeither() {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com'/>"));

        assertThat(set).isEqualTo(new RosterSet.Update(NURSE, null, Set.of()));
    }

    @Test
    void parseSet_emptyName_meansNoName() {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com' name=''/>"));

        assertThat(((RosterSet.Update) set).name()).isNull();
    }

    @Test
    void parseSet_jid_isNormalised() {
        RosterSet set = codec.parseSet(query("<item jid='Nurse@Example.COM'/>"));

        assertThat(set.contact()).isEqualTo(NURSE);
    }

    @Test
    void parseSet_noItem_isBadRequest() {
        assertError(() -> codec.parseSet(query("")), StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_twoItems_isBadRequest() {
        assertError(() -> codec.parseSet(query("<item jid='nurse@example.com'/><item jid='romeo@example.net'/>")),
                StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_missingJid_isBadRequest() {
        assertError(() -> codec.parseSet(query("<item name='Nurse'/>")), StanzaErrorCondition.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@example.com", "nurse@", "nu\"rse@example.com", "nurse@exa mple.com",
            "nurse@example.com/"})
    void parseSet_invalidJid_isJidMalformed(String jid) {
        XmlElement q = XmlElement.builder(NS, "query")
                .child(XmlElement.builder(NS, "item").attribute("jid", jid).build()).build();

        assertError(() -> codec.parseSet(q), StanzaErrorCondition.JID_MALFORMED);
    }

    @Test
    void parseSet_fullJid_isBadRequest() {
        assertError(() -> codec.parseSet(query("<item jid='nurse@example.com/balcony'/>")),
                StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_fullJidRemoval_isBadRequestToo() {
        assertError(() -> codec.parseSet(query("<item jid='nurse@example.com/balcony' subscription='remove'/>")),
                StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_subscriptionRemove_isRemoveAndIgnoresTheRest() {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com' subscription='remove' name='x'>"
                + "<group/><group>a</group><group>a</group></item>"));

        assertThat(set).isEqualTo(new RosterSet.Remove(NURSE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "to", "from", "both", "REMOVE", "bogus", ""})
    void parseSet_subscriptionOtherThanRemove_isIgnored(String subscription) {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com' subscription='" + subscription
                + "'><group>Servants</group></item>"));

        assertThat(set).isEqualTo(new RosterSet.Update(NURSE, null, Set.of("Servants")));
    }

    @Test
    void parseSet_askAndApproved_areIgnored() {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com' ask='subscribe' approved='true'/>"));

        assertThat(set).isEqualTo(new RosterSet.Update(NURSE, null, Set.of()));
    }

    @Test
    void parseSet_duplicateGroups_isBadRequest() {
        assertError(() -> codec.parseSet(query("<item jid='nurse@example.com'><group>Servants</group>"
                + "<group>Friends</group><group>Servants</group></item>")), StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_groupsDifferingOnlyInCase_areDistinct() {
        RosterSet set = codec.parseSet(query("<item jid='nurse@example.com'><group>a</group><group>A</group>"
                + "</item>"));

        assertThat(((RosterSet.Update) set).groups()).containsExactlyInAnyOrder("a", "A");
    }

    @Test
    void parseSet_emptyGroup_isNotAcceptable() {
        assertError(() -> codec.parseSet(query("<item jid='nurse@example.com'><group></group></item>")),
                StanzaErrorCondition.NOT_ACCEPTABLE);
    }

    @Test
    void parseSet_selfClosedGroup_isNotAcceptable() {
        assertError(() -> codec.parseSet(query("<item jid='nurse@example.com'><group/></item>")),
                StanzaErrorCondition.NOT_ACCEPTABLE);
    }

    @Test
    void parseSet_groupOverLimit_isNotAcceptable() {
        RosterCodec small = new RosterCodec(new RosterCodec.Limits(10, 3, 5));

        assertThat(small.parseSet(query("<item jid='nurse@example.com'><group>\uD83D\uDE00ab</group></item>")))
                .isInstanceOf(RosterSet.Update.class);
        assertError(() -> small.parseSet(query("<item jid='nurse@example.com'><group>abcd</group></item>")),
                StanzaErrorCondition.NOT_ACCEPTABLE);
    }

    @Test
    void parseSet_nameOverLimit_isNotAcceptable() {
        RosterCodec small = new RosterCodec(new RosterCodec.Limits(3, 10, 5));

        assertThat(small.parseSet(query("<item jid='nurse@example.com' name='\uD83D\uDE00\uD83D\uDE00x'/>")))
                .isEqualTo(new RosterSet.Update(NURSE, "\uD83D\uDE00\uD83D\uDE00x", Set.of()));
        assertError(() -> small.parseSet(query("<item jid='nurse@example.com' name='abcd'/>")),
                StanzaErrorCondition.NOT_ACCEPTABLE);
    }

    @Test
    void parseSet_tooManyGroups_isNotAcceptable() {
        RosterCodec small = new RosterCodec(new RosterCodec.Limits(10, 10, 2));

        assertError(() -> small.parseSet(query("<item jid='nurse@example.com'><group>a</group><group>b</group>"
                + "<group>c</group></item>")), StanzaErrorCondition.NOT_ACCEPTABLE);
    }

    @Test
    void parseSet_foreignElements_areIgnored() {
        RosterSet set = codec.parseSet(query("<x xmlns='urn:example'><item jid='romeo@example.net'/></x>"
                + "<item jid='nurse@example.com'><group xmlns='urn:example'/><group>Servants</group></item>"));

        assertThat(set).isEqualTo(new RosterSet.Update(NURSE, null, Set.of("Servants")));
    }

    @Test
    void limits_nonPositive_areRejected() {
        assertThatThrownBy(() -> new RosterCodec.Limits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RosterCodec.Limits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RosterCodec.Limits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- items, results and pushes (RFC 6121 §2.1.2, §2.1.4, §2.1.6) ----

    @ParameterizedTest
    @EnumSource(SubscriptionState.class)
    void item_everyState_hasSubscriptionAndAskOnlyWhenPendingOut(SubscriptionState state) {
        XmlElement item = RosterCodec.item(listed("nurse@example.com", null, Set.of(), state));

        assertThat(item.attribute("subscription")).isEqualTo(state.subscription().wireName());
        assertThat(item.attribute("ask")).isEqualTo(state.pendingOut() ? "subscribe" : null);
    }

    @Test
    void item_fullItem_isSerialisedInOrder() {
        RosterItem nurse = listed("nurse@example.com", "Nurse", Set.of("Servants", "Capulets"),
                SubscriptionState.NONE_PENDING_OUT);

        assertThat(RosterCodec.item(nurse).toString()).isEqualTo("<item xmlns='jabber:iq:roster'"
                + " jid='nurse@example.com' name='Nurse' subscription='none' ask='subscribe'>"
                + "<group>Capulets</group><group>Servants</group></item>");
    }

    @Test
    void item_noName_omitsNameAttribute() {
        XmlElement item = RosterCodec.item(listed("nurse@example.com", null, Set.of(), SubscriptionState.BOTH));

        assertThat(item.attribute("name")).isNull();
        assertThat(item.elements()).isEmpty();
    }

    @Test
    void item_preApproved_hasApprovedTrue() {
        RosterItem item = new RosterItem(NURSE, null, Set.of(), SubscriptionState.NONE, true, true);

        assertThat(RosterCodec.item(item).attribute("approved")).isEqualTo("true");
        assertThat(RosterCodec.item(item.withApproved(false)).attribute("approved")).isNull();
    }

    @Test
    void removedItem_hasSubscriptionRemoveOnly() {
        assertThat(RosterCodec.removedItem(NURSE).toString())
                .isEqualTo("<item xmlns='jabber:iq:roster' jid='nurse@example.com' subscription='remove'/>");
    }

    @Test
    void query_withVer_carriesVerAndListedItemsInOrder() {
        RosterItem nurse = listed("nurse@example.com", "Nurse", Set.of(), SubscriptionState.TO);
        RosterItem romeo = listed("romeo@example.net", "Romeo", Set.of(), SubscriptionState.BOTH);
        RosterItem stranger = RosterItem.absent(Jid.parse("tybalt@example.org"))
                .withState(SubscriptionState.NONE_PENDING_IN);

        XmlElement q = RosterCodec.query(List.of(romeo, stranger, nurse), "ver7");

        assertThat(q.is(NS, "query")).isTrue();
        assertThat(q.attribute("ver")).isEqualTo("ver7");
        assertThat(q.elements()).extracting(e -> e.attribute("jid"))
                .containsExactly("romeo@example.net", "nurse@example.com");
    }

    @Test
    void query_nullVer_hasNoVerAttribute() {
        XmlElement q = RosterCodec.query(List.of(), null);

        assertThat(q.attribute("ver")).isNull();
        assertThat(q.toString()).isEqualTo("<query xmlns='jabber:iq:roster'/>");
    }

    @Test
    void push_carriesOneItemAndVer() {
        RosterItem nurse = listed("nurse@example.com", "Nurse", Set.of("Servants"), SubscriptionState.NONE);

        XmlElement q = RosterCodec.push(nurse, "ver13");

        assertThat(q.attribute("ver")).isEqualTo("ver13");
        assertThat(q.elements()).containsExactly(RosterCodec.item(nurse));
    }

    @Test
    void pushRemoval_carriesRemovedItem() {
        XmlElement q = RosterCodec.pushRemoval(NURSE, "ver34");

        assertThat(q.toString()).isEqualTo("<query xmlns='jabber:iq:roster' ver='ver34'>"
                + "<item jid='nurse@example.com' subscription='remove'/></query>");
    }

    // ---- round trips over the wire, escaping ----

    @Test
    void roundTrip_trickyNameAndGroups_surviveTheWire() {
        RosterItem item = listed("nurse@example.com", TRICKY, Set.of(TRICKY, "a&b", "<group>", "\uD83C\uDF39"),
                SubscriptionState.FROM_PENDING_OUT);
        XmlElement push = RosterCodec.push(item, "v'\"<&>");

        XmlElement received = WireXml.roundTrip(push);

        assertThat(received).isEqualTo(push);
        assertThat(received.attribute("ver")).isEqualTo("v'\"<&>");
    }

    @Test
    void roundTrip_pushedItemParsedAsSet_keepsNameAndGroups() {
        RosterItem item = listed("nurse@example.com", TRICKY, Set.of(TRICKY, "Servants"), SubscriptionState.BOTH);

        RosterSet set = codec.parseSet(WireXml.roundTrip(RosterCodec.push(item, null)));

        assertThat(set).isEqualTo(new RosterSet.Update(NURSE, TRICKY, Set.of(TRICKY, "Servants")));
    }

    @Test
    void roundTrip_result_isWellFormedOnTheWire() {
        RosterItem a = listed("a@example.com", "<A & 'B'>", Set.of("x\"y"), SubscriptionState.TO_PENDING_IN);
        RosterItem b = listed("b@example.com", null, Set.of(), SubscriptionState.NONE_PENDING_OUT_IN);
        XmlElement result = RosterCodec.query(List.of(a, b), "");

        assertThat(WireXml.roundTrip(result)).isEqualTo(result);
    }
}
