package io.starling.core.c2s;

import java.util.concurrent.CompletionStage;

import io.starling.core.sasl.SaslEncoding;
import io.starling.core.sasl.SaslFailure;
import io.starling.core.sasl.SaslMechanism;
import io.starling.core.sasl.SaslStep;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

/**
 * The wire side of one SASL exchange (RFC 6120 §6.4): decodes {@code <auth/>} and {@code <response/>} payloads,
 * encodes challenges, success and failure. The mechanism itself is a pure state machine from the sasl package.
 */
final class SaslNegotiation {
    private final SaslMechanism mechanism;

    SaslNegotiation(SaslMechanism mechanism) {
        this.mechanism = mechanism;
    }

    /** Feeds the initial response of {@code <auth/>}, or the data of a {@code <response/>}. */
    CompletionStage<SaslStep> evaluate(byte[] data) {
        return mechanism.evaluate(data);
    }

    /**
     * Decodes the character data of {@code <auth/>} or {@code <response/>} (RFC 6120 §6.4.2): for auth, no text
     * means "no initial response" (null); for a response it is empty data. "=" is empty data.
     *
     * @throws SaslEncoding.IncorrectEncodingException on bad base64 (incorrect-encoding)
     */
    static byte[] decode(String text, boolean initial) {
        byte[] data = SaslEncoding.decode(text.strip());
        return data == null && !initial ? new byte[0] : data;
    }

    static XmlElement challenge(byte[] data) {
        return XmlElement.builder(Namespaces.SASL, "challenge").text(encode(data)).build();
    }

    static XmlElement success(byte[] additionalData) {
        return XmlElement.builder(Namespaces.SASL, "success").text(encode(additionalData)).build();
    }

    static XmlElement failure(SaslFailure condition, String text) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.SASL, "failure").child(Namespaces.SASL, condition.wireName());
        if (text != null && !text.isEmpty()) {
            b.textChild("text", text);
        }
        return b.build();
    }

    private static String encode(byte[] data) {
        return data == null || data.length == 0 ? "" : SaslEncoding.encode(data);
    }
}
