package io.starling.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SaslEncodingTest {

    @Test
    void decode_absentEqualsAndBase64() {
        assertThat(SaslEncoding.decode(null)).isNull();
        assertThat(SaslEncoding.decode("")).isNull();
        assertThat(SaslEncoding.decode("=")).isEmpty();
        assertThat(SaslEncoding.decode("biws")).containsExactly('n', ',', ',');
        assertThat(SaslEncoding.decode(" bi\nws ")).containsExactly('n', ',', ',');
    }

    @Test
    void decode_notBase64_incorrectEncoding() {
        for (String bad : new String[] {"b!ws", "b", "bi=ws", "====="}) {
            assertThatThrownBy(() -> SaslEncoding.decode(bad))
                    .isInstanceOfSatisfying(SaslEncoding.IncorrectEncodingException.class,
                            e -> assertThat(e.condition()).isEqualTo(SaslFailure.INCORRECT_ENCODING));
        }
    }

    @Test
    void encode_nullEmptyAndData() {
        assertThat(SaslEncoding.encode(null)).isNull();
        assertThat(SaslEncoding.encode(new byte[0])).isEqualTo("=");
        assertThat(SaslEncoding.encode(new byte[] {'n', ',', ','})).isEqualTo("biws");
    }
}
