package io.starling.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.testing.RecordingSession;

class LocalSessionRegistryTest {
    private final LocalSessionRegistry registry = new LocalSessionRegistry(2);

    @Test
    void sameFullJid_replacesAndReturnsTheOldSession() {
        RecordingSession first = new RecordingSession("a@x/r", true, 0);
        RecordingSession second = new RecordingSession("a@x/r", true, 0);
        assertThat(registry.bind(first)).isNull();
        assertThat(registry.bind(second)).isSameAs(first);
        assertThat(registry.get(Jid.parse("a@x/r"))).isSameAs(second);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void unbindOfReplacedSession_keepsTheNewOne() {
        RecordingSession first = new RecordingSession("a@x/r", true, 0);
        RecordingSession second = new RecordingSession("a@x/r", true, 0);
        registry.bind(first);
        registry.bind(second);
        registry.unbind(first);
        assertThat(registry.get(Jid.parse("a@x/r"))).isSameAs(second);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void tooManyResources_isRefused() {
        registry.bind(new RecordingSession("a@x/1", true, 0));
        registry.bind(new RecordingSession("a@x/2", true, 0));
        assertThatThrownBy(() -> registry.bind(new RecordingSession("a@x/3", true, 0)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(registry.sessionsOf(Jid.parse("a@x"))).hasSize(2);
    }

    @Test
    void unbindLast_removesTheMember() {
        RecordingSession s = new RecordingSession("a@x/1", true, 0);
        registry.bind(s);
        registry.unbind(s);
        assertThat(registry.sessionsOf(Jid.parse("a@x"))).isEmpty();
        assertThat(registry.size()).isZero();
        assertThat(registry.all()).isEmpty();
    }
}
