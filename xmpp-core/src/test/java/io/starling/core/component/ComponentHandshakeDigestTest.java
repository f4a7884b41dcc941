package io.starling.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComponentHandshakeDigestTest {

    @Test
    void anyInput_isFortyLowerCaseHexDigits() {
        assertThat(HandshakeDigest.of("3BF96D32", "s\u00e9cret")).matches("[0-9a-f]{40}");
    }

    @Test
    void knownVector_isSha1OfIdThenSecret() {
        // sha1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
        assertThat(HandshakeDigest.of("a", "bc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void presentedDigest_upperCaseAndWhitespace_matches() {
        String digest = HandshakeDigest.of("id-1", "a-long-enough-secret");

        assertThat(HandshakeDigest.matches("id-1", "a-long-enough-secret", " " + digest.toUpperCase() + "\n")).isTrue();
    }

    @Test
    void wrongSecretOrIdOrNothing_doesNotMatch() {
        String digest = HandshakeDigest.of("id-1", "a-long-enough-secret");

        assertThat(HandshakeDigest.matches("id-1", "another-long-secret!", digest)).isFalse();
        assertThat(HandshakeDigest.matches("id-2", "a-long-enough-secret", digest)).isFalse();
        assertThat(HandshakeDigest.matches("id-1", "a-long-enough-secret", null)).isFalse();
        assertThat(HandshakeDigest.matches("id-1", "a-long-enough-secret", "")).isFalse();
    }
}
