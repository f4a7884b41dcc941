package io.starling.presence.block;

import java.util.List;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.testing.WireXml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockingCodecTest {
    private static final String NS = PresenceNamespaces.BLOCKING;
    private static final Jid ROMEO = Jid.parse("romeo@montague.net");
    private static final Jid IAGO = Jid.parse("iago@shakespeare.lit");
    /** XEP-0191 1.3 lets any JID be blocked: a resource with markup characters and an emoji must survive. */
    private static final Jid TRICKY = Jid.parse("romeo@montague.net/ba<l>c&o'n\"y \uD83D\uDE00");

    /** Parses a blocking payload the way a client would send it inside an IQ. */
    private static XmlElement payload(String xml) {
        return WireXml.parse("<iq type='set' id='b1'>" + xml + "</iq>").elements().get(0);
    }

    private static void assertError(ThrowingCallable call, StanzaErrorCondition condition) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StanzaErrorException.class, e -> {
            assertThat(e.condition()).isEqualTo(condition);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    // ---- requests (§3.2 to §3.5) ----

    @Test
    void parseGet_blocklist_isAccepted() {
        BlockingCodec.parseGet(payload("<blocklist xmlns='urn:xmpp:blocking'/>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "unblock"})
    void parseGet_command_isBadRequest(String name) {
        assertError(() -> BlockingCodec.parseGet(XmlElement.builder(NS, name).build()),
                StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_blockWithItems_isBlockOfNormalisedDistinctJids() {
        BlockingCommand command = BlockingCodec.parseSet(payload("<block xmlns='urn:xmpp:blocking'>"
                + "<item jid='Romeo@Montague.NET'/><item jid='iago@shakespeare.lit'/>"
                + "<item jid='romeo@montague.net'/></block>"));

        assertThat(command).isEqualTo(new BlockingCommand.Block(Set.of(ROMEO, IAGO)));
    }

    @Test
    void parseSet_blockOfDomainsAndFullJids_keepsThemAsGiven() {
        BlockingCommand command = BlockingCodec.parseSet(payload("<block xmlns='urn:xmpp:blocking'>"
                + "<item jid='spam.example'/><item jid='montague.net/orchard'/>"
                + "<item jid='romeo@montague.net/orchard'/></block>"));

        assertThat(((BlockingCommand.Block) command).jids()).containsExactlyInAnyOrder(
                Jid.domain("spam.example"), Jid.parse("montague.net/orchard"), Jid.parse("romeo@montague.net/orchard"));
    }

    @Test
    void parseSet_blockWithoutItems_isBadRequest() {
        assertError(() -> BlockingCodec.parseSet(payload("<block xmlns='urn:xmpp:blocking'/>")),
                StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_blockWithOnlyForeignChildren_isBadRequest() {
        assertError(() -> BlockingCodec.parseSet(payload("<block xmlns='urn:xmpp:blocking'>"
                + "<item xmlns='urn:example' jid='romeo@montague.net'/></block>")), StanzaErrorCondition.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "unblock"})
    void parseSet_itemWithoutJid_isBadRequest(String name) {
        assertError(() -> BlockingCodec.parseSet(payload("<" + name + " xmlns='urn:xmpp:blocking'>"
                + "<item jid='romeo@montague.net'/><item/></" + name + ">")), StanzaErrorCondition.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@montague.net", "romeo@", "ro<meo@montague.net", "romeo@montague.net/"})
    void parseSet_invalidJidInBlock_isJidMalformed(String jid) {
        XmlElement block = XmlElement.builder(NS, "block")
                .child(XmlElement.builder(NS, "item").attribute("jid", jid).build()).build();

        assertError(() -> BlockingCodec.parseSet(block), StanzaErrorCondition.JID_MALFORMED);
    }

    @Test
    void parseSet_invalidJidInUnblock_isJidMalformed() {
        assertError(() -> BlockingCodec.parseSet(payload("<unblock xmlns='urn:xmpp:blocking'>"
                + "<item jid='romeo@'/></unblock>")), StanzaErrorCondition.JID_MALFORMED);
    }

    @Test
    void parseSet_unblockWithItems_isUnblock() {
        BlockingCommand command = BlockingCodec.parseSet(payload("<unblock xmlns='urn:xmpp:blocking'>"
                + "<item jid='romeo@montague.net'/></unblock>"));

        assertThat(command).isEqualTo(new BlockingCommand.Unblock(Set.of(ROMEO)));
    }

    @Test
    void parseSet_emptyUnblock_isUnblockAll() {
        BlockingCommand command = BlockingCodec.parseSet(payload("<unblock xmlns='urn:xmpp:blocking'/>"));

        assertThat(command).isEqualTo(new BlockingCommand.UnblockAll());
    }

    @Test
    void parseSet_blocklist_isBadRequest() {
        assertError(() -> BlockingCodec.parseSet(payload("<blocklist xmlns='urn:xmpp:blocking'/>")),
                StanzaErrorCondition.BAD_REQUEST);
    }

    @Test
    void parseSet_foreignNamespace_isProgrammingError() {
        XmlElement ping = XmlElement.builder(Namespaces.PING, "ping").build();

        assertThatThrownBy(() -> BlockingCodec.parseSet(ping)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockingCodec.parseGet(ping)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commands_emptySets_areRejected() {
        assertThatThrownBy(() -> new BlockingCommand.Block(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockingCommand.Unblock(Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- results and pushes ----

    @Test
    void blocklist_empty_isEmptyElement() {
        assertThat(BlockingCodec.blocklist(BlockList.EMPTY).toString())
                .isEqualTo("<blocklist xmlns='urn:xmpp:blocking'/>");
    }

    @Test
    void blocklist_entries_areSortedItems() {
        XmlElement list = BlockingCodec.blocklist(new BlockList(Set.of(ROMEO, IAGO)));

        assertThat(list.toString()).isEqualTo("<blocklist xmlns='urn:xmpp:blocking'>"
                + "<item jid='iago@shakespeare.lit'/><item jid='romeo@montague.net'/></blocklist>");
    }

    @Test
    void push_block_listsBlockedItems() {
        XmlElement push = BlockingCodec.push(new BlockingCommand.Block(Set.of(ROMEO)));

        assertThat(push.toString())
                .isEqualTo("<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block>");
    }

    @Test
    void push_unblock_listsUnblockedItems() {
        XmlElement push = BlockingCodec.push(new BlockingCommand.Unblock(Set.of(ROMEO, IAGO)));

        assertThat(push.is(NS, "unblock")).isTrue();
        assertThat(push.elements()).extracting(e -> e.attribute("jid"))
                .containsExactly("iago@shakespeare.lit", "romeo@montague.net");
    }

    @Test
    void push_unblockAll_isEmptyUnblock() {
        assertThat(BlockingCodec.push(new BlockingCommand.UnblockAll()).toString())
                .isEqualTo("<unblock xmlns='urn:xmpp:blocking'/>");
    }

    @Test
    void push_null_isRejectedRatherThanUnblockingAll() {
        assertThatThrownBy(() -> BlockingCodec.push(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the blocked error (§3.3) ----

    @Test
    void blockedError_isBlockedInErrorsNamespace() {
        assertThat(BlockingCodec.blockedError().toString()).isEqualTo("<blocked xmlns='urn:xmpp:blocking:errors'/>");
    }

    @Test
    void blockedReply_isNotAcceptableCancelWithBlocked() {
        Stanza message = Stanza.build(Stanza.Kind.MESSAGE, ROMEO, Jid.parse("juliet@capulet.com/chamber"), "chat",
                "m1", List.of(XmlElement.builder(Namespaces.CLIENT, "body").text("Can you hear me now?").build()));

        Stanza reply = BlockingCodec.blockedReply(message);

        assertThat(reply.isError()).isTrue();
        assertThat(reply.to()).isEqualTo(Jid.parse("juliet@capulet.com/chamber"));
        assertThat(reply.from()).isEqualTo(ROMEO);
        XmlElement error = reply.element().element(Namespaces.CLIENT, "error");
        assertThat(error.attribute("type")).isEqualTo("cancel");
        assertThat(error.element(Namespaces.STANZA_ERRORS, "not-acceptable")).isNotNull();
        assertThat(error.element(PresenceNamespaces.BLOCKING_ERRORS, "blocked")).isNotNull();
    }

    // ---- round trips over the wire, escaping ----

    @Test
    void roundTrip_blockPush_parsesBackToTheSameCommand() {
        BlockingCommand block = new BlockingCommand.Block(Set.of(ROMEO, IAGO, TRICKY));

        assertThat(BlockingCodec.parseSet(WireXml.roundTrip(BlockingCodec.push(block)))).isEqualTo(block);
    }

    @Test
    void roundTrip_unblockPushes_parseBackToTheSameCommands() {
        BlockingCommand unblock = new BlockingCommand.Unblock(Set.of(TRICKY));
        BlockingCommand all = new BlockingCommand.UnblockAll();

        assertThat(BlockingCodec.parseSet(WireXml.roundTrip(BlockingCodec.push(unblock)))).isEqualTo(unblock);
        assertThat(BlockingCodec.parseSet(WireXml.roundTrip(BlockingCodec.push(all)))).isEqualTo(all);
    }

    @Test
    void roundTrip_blocklistWithTrickyJid_isUnchangedOnTheWire() {
        XmlElement list = BlockingCodec.blocklist(new BlockList(Set.of(TRICKY, Jid.domain("spam.example"))));

        XmlElement received = WireXml.roundTrip(list);

        assertThat(received).isEqualTo(list);
        assertThat(received.elements()).extracting(e -> Jid.parse(e.attribute("jid")))
                .contains(TRICKY);
    }
}
