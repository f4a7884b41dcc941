package io.starling.offline;

import static io.starling.offline.OfflinePolicy.Decision.BOUNCE;
import static io.starling.offline.OfflinePolicy.Decision.DROP;
import static io.starling.offline.OfflinePolicy.Decision.STORE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

class OfflinePolicyTest {
    private static final XmlElement BODY = XmlElement.builder(Namespaces.CLIENT, "body").text("hi").build();
    private static final XmlElement COMPOSING = XmlElement.builder(OfflinePolicy.CHAT_STATES, "composing").build();
    private static final XmlElement STORE_HINT = XmlElement.builder(OfflinePolicy.HINTS, "store").build();
    private static final XmlElement NO_STORE = XmlElement.builder(OfflinePolicy.HINTS, "no-store").build();

    private static Stanza message(String type, XmlElement... children) {
        List<XmlElement> list = new ArrayList<>(Arrays.asList(children));
        return Stanza.build(Stanza.Kind.MESSAGE, Jid.parse("bob@x"), Jid.parse("alice@x/a"), type, "1", list);
    }

    @Test
    void chatNormalAndUntyped_areStored() {
        assertThat(OfflinePolicy.decide(message("chat", BODY))).isEqualTo(STORE);
        assertThat(OfflinePolicy.decide(message("normal", BODY))).isEqualTo(STORE);
        assertThat(OfflinePolicy.decide(message(null, BODY))).isEqualTo(STORE);
        assertThat(OfflinePolicy.decide(message(null))).isEqualTo(STORE); // e.g. an empty normal message
    }

    @Test
    void groupchat_isBouncedAndError_isDropped() {
        assertThat(OfflinePolicy.decide(message("groupchat", BODY))).isEqualTo(BOUNCE);
        assertThat(OfflinePolicy.decide(message("error", BODY))).isEqualTo(DROP);
        assertThat(OfflinePolicy.decide(message("groupchat", BODY, STORE_HINT))).isEqualTo(BOUNCE);
        assertThat(OfflinePolicy.decide(message("error", BODY, STORE_HINT))).isEqualTo(DROP);
    }

    @Test
    void headline_isStoredOnlyWithTheStoreHint() {
        assertThat(OfflinePolicy.decide(message("headline", BODY))).isEqualTo(DROP);
        assertThat(OfflinePolicy.decide(message("headline", BODY, STORE_HINT))).isEqualTo(STORE);
        assertThat(OfflinePolicy.decide(message("headline", BODY, STORE_HINT, NO_STORE))).isEqualTo(DROP);
    }

    @Test
    void noStoreHint_onChat_isBouncedAsWithoutStorage() {
        assertThat(OfflinePolicy.decide(message("chat", BODY, NO_STORE))).isEqualTo(BOUNCE);
        assertThat(OfflinePolicy.decide(message(null, BODY, NO_STORE))).isEqualTo(BOUNCE);
    }

    @Test
    void chatStateOnly_isDropped_butWithABodyIsStored() {
        XmlElement thread = XmlElement.builder(Namespaces.CLIENT, "thread").text("t1").build();
        XmlElement originId = XmlElement.builder("urn:xmpp:sid:0", "origin-id").attribute("id", "o1").build();
        assertThat(OfflinePolicy.decide(message("chat", COMPOSING))).isEqualTo(DROP);
        assertThat(OfflinePolicy.decide(message("chat", COMPOSING, thread, originId))).isEqualTo(DROP);
        assertThat(OfflinePolicy.decide(message("chat", BODY, COMPOSING))).isEqualTo(STORE);
        XmlElement receipt = XmlElement.builder("urn:xmpp:receipts", "received").attribute("id", "r").build();
        assertThat(OfflinePolicy.decide(message("chat", COMPOSING, receipt))).isEqualTo(STORE);
    }
}
