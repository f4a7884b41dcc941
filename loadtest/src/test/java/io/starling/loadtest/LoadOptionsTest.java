package io.starling.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.starling.loadtest.client.TransportKind;

class LoadOptionsTest {
    @Test
    void noArguments_defaults() {
        LoadOptions o = LoadOptions.parse();
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(5222);
        assertThat(o.transport()).isEqualTo(TransportKind.TCP);
        assertThat(o.scenario()).isEqualTo(Scenario.IDLE_HOLD);
        assertThat(o.threads()).isEqualTo(1);
        assertThat(o.sasl()).isEqualTo("auto");
        assertThat(o.sources()).hasSize(1);
        assertThat(o.sources().get(0).isAnyLocalAddress()).isTrue();
        assertThat(o.username(0)).isEqualTo("load1");
    }

    @Test
    void sourcesCount_isLoopbackRange() throws Exception {
        LoadOptions o = LoadOptions.parse("--sources", "3");
        assertThat(o.sources()).containsExactly(InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"));
    }

    @Test
    void sourceList_andChatOptions_parsed() throws Exception {
        LoadOptions o = LoadOptions.parse("--source", "127.0.0.5,127.0.0.6", "--scenario", "chat", "--rate",
                "30000", "--duration", "2.5", "--first", "10", "--user-prefix", "u", "--transport", "tls");
        assertThat(o.sources()).containsExactly(InetAddress.getByName("127.0.0.5"),
                InetAddress.getByName("127.0.0.6"));
        assertThat(o.scenario()).isEqualTo(Scenario.CHAT);
        assertThat(o.rate()).isEqualTo(30_000);
        assertThat(o.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.username(0)).isEqualTo("u10");
        assertThat(o.port()).isEqualTo(5223);
    }

    @Test
    void invalidOptions_rejectedWithMessage() {
        assertThatThrownBy(() -> LoadOptions.parse("--members", "0")).hasMessageContaining("--members");
        assertThatThrownBy(() -> LoadOptions.parse("--scenario", "chat", "--rate", "0"))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadOptions.parse("--transport", "bosh")).hasMessageContaining("--url");
        assertThatThrownBy(() -> LoadOptions.parse("--transport", "carrier-pigeon"))
                .hasMessageContaining("unknown transport");
        assertThatThrownBy(() -> LoadOptions.parse("--scenario", "dance")).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> LoadOptions.parse("--source", "127.0.0.1", "--sources", "2"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> LoadOptions.parse("--sasl", "DIGEST-MD5")).hasMessageContaining("--sasl");
        assertThatThrownBy(() -> LoadOptions.parse("--threads", "0")).hasMessageContaining("--threads");
        assertThatThrownBy(() -> LoadOptions.parse("--no-such-option")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scenarioNames_roundTrip() {
        for (Scenario s : Scenario.values()) {
            assertThat(Scenario.parse(s.cliName())).isEqualTo(s);
        }
        assertThat(Scenario.LOGIN_STORM.cliName()).isEqualTo("login-storm");
    }
}
