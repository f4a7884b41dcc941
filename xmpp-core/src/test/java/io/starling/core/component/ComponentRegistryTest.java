package io.starling.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.starling.core.config.ComponentConfig;
import io.starling.core.jid.Jid;
import io.starling.core.session.ComponentRoutes.Delivery;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;

class ComponentRegistryTest {
    private final ComponentRegistry registry = new ComponentRegistry(
            Map.of("notify.localhost", new ComponentConfig("0123456789abcdef", false)));

    @Test
    void unknownDomain_isNotAComponent() {
        assertThat(registry.deliver(message("x@other.localhost"))).isEqualTo(Delivery.NOT_A_COMPONENT);
    }

    @Test
    void configuredWithoutConnection_isNotConnected() {
        assertThat(registry.deliver(message("notify.localhost"))).isEqualTo(Delivery.NOT_CONNECTED);
    }

    @Test
    void twoConnections_shareRoundRobin() {
        RecordingLink a = new RecordingLink();
        RecordingLink b = new RecordingLink();
        registry.add("notify.localhost", a);
        registry.add("notify.localhost", b);

        for (int i = 0; i < 10; i++) {
            assertThat(registry.deliver(message("u" + i + "@notify.localhost"))).isEqualTo(Delivery.DELIVERED);
        }

        assertThat(a.received).hasSize(5);
        assertThat(b.received).hasSize(5);
        registry.remove("notify.localhost", a);
        registry.deliver(message("notify.localhost"));
        assertThat(b.received).hasSize(6);
    }

    @Test
    void congestedConnection_isSkipped_allCongested_isCongested() {
        RecordingLink a = new RecordingLink();
        RecordingLink b = new RecordingLink();
        registry.add("notify.localhost", a);
        registry.add("notify.localhost", b);
        a.congested = true;

        for (int i = 0; i < 4; i++) {
            assertThat(registry.deliver(message("notify.localhost"))).isEqualTo(Delivery.DELIVERED);
        }
        assertThat(b.received).hasSize(4);
        b.congested = true;
        assertThat(registry.deliver(message("notify.localhost"))).isEqualTo(Delivery.CONGESTED);
    }

    private static Stanza message(String to) {
        return Stanza.build(Stanza.Kind.MESSAGE, Jid.parse(to), Jid.parse("alice@localhost/r"), "chat", "m1",
                List.of());
    }

    private static final class RecordingLink implements ComponentLink {
        final List<Stanza> received = new ArrayList<>();

        boolean congested;

        @Override
        public boolean deliver(Stanza stanza) {
            if (congested) {
                return false;
            }
            received.add(stanza);
            return true;
        }

        @Override
        public void close(StreamErrorCondition condition, String text) {
        }
    }
}
