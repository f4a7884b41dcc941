package io.starling.core.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.starling.core.xml.XmlElement;

class UnackedQueueTest {
    private static XmlElement stanza(int n) {
        return XmlElement.builder("jabber:client", "message").attribute("id", "m" + n).build();
    }

    @Test
    void ack_dropsThatMany_oldestFirst() {
        UnackedQueue q = new UnackedQueue();
        for (int i = 1; i <= 4; i++) {
            q.add(stanza(i));
        }
        assertThat(q.ack(3)).isTrue();
        assertThat(q.pending()).extracting(e -> e.attribute("id")).containsExactly("m4");
        assertThat(q.sent()).isEqualTo(4);
        assertThat(q.ack(3)).as("the same count again acknowledges nothing new").isTrue();
        assertThat(q.size()).isOne();
    }

    @Test
    void ackAboveSent_refused_nothingDropped() {
        UnackedQueue q = new UnackedQueue();
        q.add(stanza(1));
        assertThat(q.ack(2)).isFalse();
        assertThat(q.size()).isOne();
    }

    @Test
    void countsWrapAt2pow32() {
        UnackedQueue q = new UnackedQueue(0xFFFF_FFFEL);
        for (int i = 1; i <= 4; i++) {
            q.add(stanza(i));
        }
        assertThat(q.ack(0)).as("h=0 is 2^32: two acknowledged").isTrue();
        assertThat(q.pending()).extracting(e -> e.attribute("id")).containsExactly("m3", "m4");
        assertThat(q.ack(2)).isTrue();
        assertThat(q.size()).isZero();
        assertThat(q.ack(3)).isFalse();
        assertThat(SmElements.ack(q.sent()).attribute("h")).isEqualTo("2");
    }
}
