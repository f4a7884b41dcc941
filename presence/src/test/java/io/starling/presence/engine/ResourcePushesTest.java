package io.starling.presence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.RecordingSession;
import io.starling.core.xml.XmlElement;
import io.starling.presence.block.BlockList;
import io.starling.presence.roster.RosterCodec;

class ResourcePushesTest {
    private static final Jid NURSE = Jid.parse("nurse@example.com");

    @Test
    void push_isAnIqSetToEachInterestedResourceWithoutFrom() {
        MemberState juliet = new MemberState(Jid.parse("juliet@example.com"), Map.of(), 0, BlockList.EMPTY);
        RecordingSession balcony = new RecordingSession("juliet@example.com/balcony", true, 0);
        RecordingSession chamber = new RecordingSession("juliet@example.com/chamber", true, 0);
        ResourceState interested = new ResourceState(balcony);
        interested.rosterInterested = true;
        juliet.resources.put(balcony, interested);
        juliet.resources.put(chamber, new ResourceState(chamber));
        XmlElement q = RosterCodec.pushRemoval(NURSE, null);

        new ResourcePushes().push(juliet, r -> r.rosterInterested, q);

        assertThat(chamber.delivered()).isEmpty();
        assertThat(balcony.delivered()).hasSize(1);
        Stanza push = balcony.delivered().get(0);
        assertThat(push.kind()).isEqualTo(Stanza.Kind.IQ);
        assertThat(push.type()).isEqualTo("set");
        assertThat(push.id()).startsWith("push");
        assertThat(push.to()).isEqualTo(Jid.parse("juliet@example.com/balcony"));
        assertThat(push.from()).isNull();
        assertThat(push.element().attribute("from")).isNull();
        assertThat(push.payload()).isEqualTo(q);
    }
}
