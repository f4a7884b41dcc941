package io.starling.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlParserFactory;

class DelayStampTest {
    private static final Stanza MESSAGE = Stanza.build(Stanza.Kind.MESSAGE, Jid.parse("bob@x"),
            Jid.parse("alice@x/a"), "chat", "1", List.of(XmlElement.builder(Namespaces.CLIENT, "body").text("hi")
                    .build()));

    @Test
    void stamp_addsXep0203DelayFromTheDomainInUtc() {
        Stanza stamped = DelayStamp.stamp(MESSAGE, "x", Instant.parse("2024-05-01T10:15:30.123456Z"));
        XmlElement delay = stamped.element().element(DelayStamp.NAMESPACE, "delay");
        assertThat(delay.attribute("from")).isEqualTo("x");
        assertThat(delay.attribute("stamp")).isEqualTo("2024-05-01T10:15:30.123Z");
        assertThat(delay.text()).isEqualTo("Offline Storage");
        assertThat(stamped.element().element(Namespaces.CLIENT, "body").text()).isEqualTo("hi");
        assertThat(stamped.to()).isEqualTo(MESSAGE.to());
        assertThat(stamped.from()).isEqualTo(MESSAGE.from());
    }

    @Test
    void stamp_onAMessageAlreadyStampedByThisServer_keepsTheFirstStamp() {
        Stanza once = DelayStamp.stamp(MESSAGE, "x", Instant.parse("2024-05-01T10:00:00Z"));
        Stanza twice = DelayStamp.stamp(once, "x", Instant.parse("2024-05-02T10:00:00Z"));
        assertThat(twice).isSameAs(once);
        assertThat(twice.element().elements()).filteredOn(e -> e.is(DelayStamp.NAMESPACE, "delay")).hasSize(1);
    }

    @Test
    void stamp_onAMessageDelayedElsewhere_addsOurOwn() {
        Stanza forwarded = DelayStamp.stamp(MESSAGE, "elsewhere.example", Instant.parse("2024-05-01T10:00:00Z"));
        Stanza stamped = DelayStamp.stamp(forwarded, "x", Instant.parse("2024-05-01T11:00:00Z"));
        assertThat(stamped.element().elements()).filteredOn(e -> e.is(DelayStamp.NAMESPACE, "delay")).hasSize(2);
    }

    @Test
    void stampedMessage_survivesTheStoredForm() {
        StoredStanzaCodec codec = new StoredStanzaCodec(new XmlParserFactory());
        Stanza stamped = DelayStamp.stamp(MESSAGE, "x", Instant.parse("2024-05-01T10:00:00Z"));
        Stanza back = codec.decode(codec.encode(stamped));
        assertThat(back.element()).isEqualTo(stamped.element());
        assertThat(back.to()).isEqualTo(stamped.to());
        assertThat(back.from()).isEqualTo(stamped.from());
    }
}
