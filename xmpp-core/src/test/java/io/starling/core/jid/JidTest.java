package io.starling.core.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {
    @Test
    void fullJid_splitsIntoParts() {
        Jid j = Jid.parse("juliet@example.com/balcony");
        assertThat(j.local()).isEqualTo("juliet");
        assertThat(j.domain()).isEqualTo("example.com");
        assertThat(j.resource()).isEqualTo("balcony");
        assertThat(j.asBare()).isEqualTo(Jid.parse("juliet@example.com"));
    }

    @Test
    void resourceMayContainSlashAndAt() {
        Jid j = Jid.parse("juliet@example.com/foo/bar@baz");
        assertThat(j.resource()).isEqualTo("foo/bar@baz");
    }

    @Test
    void localAndDomain_areCaseFolded_resourceIsNot() {
        Jid j = Jid.parse("JuLiEt@Example.COM/Balcony");
        assertThat(j.toString()).isEqualTo("juliet@example.com/Balcony");
    }

    @Test
    void unicodeLocalpart_isNormalised() {
        assertThat(Jid.parse("\u00C5NGSTR\u00D6M@example.com").local()).isEqualTo("\u00e5ngstr\u00f6m");
    }

    @Test
    void trailingDotOfDomain_isRemoved() {
        assertThat(Jid.parse("a@example.com.").domain()).isEqualTo("example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@example.com", "a@", "a@example.com/", "a b@example.com", "a\"b@example.com",
            "a@exa mple.com", "/resource"})
    void malformed_isRejected(String value) {
        assertThatThrownBy(() -> Jid.parse(value)).isInstanceOf(JidFormatException.class);
    }

    @Test
    void tooLongLocalpart_isRejected() {
        assertThatThrownBy(() -> Jid.parse("a".repeat(1024) + "@example.com"))
                .isInstanceOf(JidFormatException.class);
    }
}
