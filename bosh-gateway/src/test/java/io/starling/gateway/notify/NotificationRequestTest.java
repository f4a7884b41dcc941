package io.starling.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

class NotificationRequestTest {
    private static final ApiKey KEY = new ApiKey("shop", List.of(Jid.parse("notify@localhost")),
            new TokenBucket(10, System::nanoTime));
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults());

    @Test
    void validRequest_isNormalised() {
        NotificationRequest r = parse("{\"to\":[\"Alice\",\"alice@localhost\",\"bob@localhost\"],\"type\":\"headline\","
                + "\"body\":\"hi\",\"payload\":\"<m xmlns='urn:x' id='1'/>\",\"idempotency_key\":\"k1\"}");

        assertThat(r.recipients()).containsExactly(Jid.parse("alice@localhost"), Jid.parse("bob@localhost"));
        assertThat(r.from()).isEqualTo(Jid.parse("notify@localhost"));
        assertThat(r.payload().namespace()).isEqualTo("urn:x");
        Stanza m = NotificationDelivery.message(r, r.recipients().get(0), "id1");
        assertThat(m.type()).isEqualTo("headline");
        assertThat(m.element().element(NotificationDelivery.HINTS, "store")).isNotNull();
        assertThat(m.element().element("urn:x", "m").attribute("id")).isEqualTo("1");
    }

    @Test
    void sameContentDifferentSpelling_sameFingerprint() {
        String a = parse("{\"to\":\"alice\",\"body\":\"hi\",\"idempotency_key\":\"k\"}").fingerprint();
        String b = parse("{\"idempotency_key\":\"k\", \"body\":\"hi\",\"to\":[\"alice@localhost\"],"
                + "\"type\":\"normal\",\"from\":\"notify@localhost\"}").fingerprint();
        String c = parse("{\"to\":\"alice\",\"body\":\"ho\",\"idempotency_key\":\"k\"}").fingerprint();

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void badInputs_haveTheirStatus() {
        assertStatus("{", 400);
        assertStatus("{\"to\":[],\"body\":\"x\",\"idempotency_key\":\"k\"}", 400);
        assertStatus("{\"to\":\"a\",\"body\":\"x\",\"type\":\"error\",\"idempotency_key\":\"k\"}", 400);
        assertStatus("{\"to\":\"a\",\"body\":\"x\"}", 400);
        assertStatus("{\"to\":\"a\",\"idempotency_key\":\"k\"}", 400);
        assertStatus("{\"to\":\"a\",\"body\":\"x\",\"from\":\"other@localhost\",\"idempotency_key\":\"k\"}", 403);
        assertStatus("{\"to\":\"a\",\"body\":\"x\",\"payload\":\"<body>x</body>\",\"idempotency_key\":\"k\"}", 400);
        assertStatus("{\"to\":\"a\",\"body\":\"" + "x".repeat(70_000) + "\",\"idempotency_key\":\"k\"}", 413);
    }

    private static void assertStatus(String json, int status) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(status));
    }

    private static NotificationRequest parse(String json) {
        return NotificationRequest.parse(json.getBytes(StandardCharsets.UTF_8), "localhost", KEY, PARSER);
    }
}
