package io.starling.gateway.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

class OutputQueueTest {
    private static XmlElement message(String body) {
        return XmlElement.builder(Namespaces.CLIENT, "message")
                .child(XmlElement.builder(Namespaces.CLIENT, "body").text(body).build()).build();
    }

    private static XmlElement element(String ns, String name) {
        return XmlElement.builder(ns, name).build();
    }

    @Test
    void takeMessages_removesTheMessagesInOrder_andLeavesTheRestForTheLastResponse() {
        OutputQueue q = new OutputQueue();
        XmlElement presence = element(Namespaces.CLIENT, "presence");
        XmlElement error = element(Namespaces.STREAMS, "error");
        q.add(message("1"));
        q.add(presence);
        q.add(message("2"));
        q.add(error);
        assertThat(q.takeMessages()).extracting(m -> m.elements().get(0).text()).containsExactly("1", "2");
        assertThat(q.take()).containsExactly(presence, error);
        assertThat(q.takeMessages()).isEmpty();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void pastTheBound_theElementIsQueuedAllTheSame_andAddSaysTheSessionMustEnd() {
        OutputQueue q = new OutputQueue();
        for (int i = 0; i < OutputQueue.MAX; i++) {
            assertThat(q.add(message(Integer.toString(i)))).isTrue();
        }
        assertThat(q.add(message("last"))).isFalse();
        List<XmlElement> unsent = q.takeMessages();
        assertThat(unsent).hasSize(OutputQueue.MAX + 1);
        assertThat(unsent.get(OutputQueue.MAX).elements().get(0).text()).isEqualTo("last");
    }
}
