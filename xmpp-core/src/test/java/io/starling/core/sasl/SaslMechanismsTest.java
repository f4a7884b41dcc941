package io.starling.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.core.testing.InMemoryCredentialSource;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {
    private final SaslMechanisms mechanisms = new SaslMechanisms(new InMemoryCredentialSource(), 4096, new byte[32],
            NonceSource.secureRandom());
    private final ChannelBinding binding = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, new byte[] {1});

    @Test
    void available_plainOnlyUnderTls_plusOnlyWithBinding() {
        assertThat(SaslMechanisms.available(false)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1");
        assertThat(SaslMechanisms.available(true)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
        assertThat(SaslMechanisms.available(true, binding)).containsExactly("SCRAM-SHA-256-PLUS",
                "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    }

    @Test
    void create_unknownOrNotOffered_null() {
        assertThat(mechanisms.create("PLAIN", false, "localhost")).isNull();
        assertThat(mechanisms.create("DIGEST-MD5", true, "localhost")).isNull();
        assertThat(mechanisms.create("SCRAM-SHA-256-PLUS", true, "localhost")).isNull();
        assertThat(mechanisms.create(null, true, "localhost")).isNull();
    }

    @Test
    void create_freshInstanceWithItsName() {
        for (String name : SaslMechanisms.available(true, binding)) {
            SaslMechanism m = mechanisms.create(name, true, binding, "localhost");
            assertThat(m.name()).isEqualTo(name);
            assertThat(m).isNotSameAs(mechanisms.create(name, true, binding, "localhost"));
        }
    }

    @Test
    void failureWireNames_matchRfc6120() {
        assertThat(SaslFailure.TEMPORARY_AUTH_FAILURE.wireName()).isEqualTo("temporary-auth-failure");
        assertThat(SaslFailure.INVALID_AUTHZID.wireName()).isEqualTo("invalid-authzid");
        assertThat(SaslFailure.values()).hasSize(11);
    }
}
