package io.starling.loadtest.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SaslChoiceTest {
    @Test
    void auto_picksStrongestOffered() {
        assertThat(SaslChoice.choose("auto", Set.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256")))
                .isEqualTo("SCRAM-SHA-256");
        assertThat(SaslChoice.choose("auto", Set.of("PLAIN", "SCRAM-SHA-1"))).isEqualTo("SCRAM-SHA-1");
        assertThat(SaslChoice.choose("auto", Set.of("SCRAM-SHA-1-PLUS", "PLAIN"))).isEqualTo("PLAIN");
    }

    @Test
    void requestedMechanismNotOffered_isNull() {
        assertThat(SaslChoice.choose("PLAIN", Set.of("SCRAM-SHA-1"))).isNull();
        assertThat(SaslChoice.choose("auto", Set.of("EXTERNAL"))).isNull();
    }
}
