package io.starling.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.starling.core.spi.HttpEndpoint;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.RecordingRouter;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/** {@code POST /api/v1/stanzas} with and without an {@code Idempotency-Key} header. */
class StanzaEndpointTest {
    private static final String KEY = "notify-key-0123456789abcdef";
    private static final String STANZA = "<message to='alice@localhost'><body>once</body></message>";

    private final InMemoryIdempotencyRepository store = new InMemoryIdempotencyRepository();
    private final RecordingRouter router = new RecordingRouter();
    private final List<Stanza> routed = router.routed();
    private final StanzaEndpoint endpoint = new StanzaEndpoint(
            new ApiKeys(Map.of("shop", new ApiKeyConfig(KEY, "notify@localhost", 1000))),
            new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults()), 65536, router, store);

    @Test
    void sameKeyTwice_routedOnce_sameAnswer_otherBodyConflicts() throws Exception {
        HttpEndpoint.Response first = post(STANZA, "s1");
        HttpEndpoint.Response again = post(STANZA, "s1");
        HttpEndpoint.Response other = post(STANZA.replace("once", "twice"), "s1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.headers()).containsEntry("idempotent-replayed", "true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(other.status()).isEqualTo(409);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("idempotency-conflict");
        assertThat(routed).hasSize(1);
    }

    @Test
    void answerNeverRecorded_retrySendsNothing() throws Exception {
        store.completeFailures = Integer.MAX_VALUE;

        assertThat(post(STANZA, "s2").status()).isEqualTo(202);
        assertThat(post(STANZA, "s2").status()).isEqualTo(409);
        assertThat(routed).hasSize(1);
    }

    @Test
    void withoutTheHeader_everyRequestIsRouted_andNothingIsStored() throws Exception {
        assertThat(post(STANZA, null).status()).isEqualTo(202);
        assertThat(post(STANZA, null).status()).isEqualTo(202);

        assertThat(routed).hasSize(2);
        assertThat(store.completeCalls).isZero();
    }

    @Test
    void blankOrOverlongKey_is400() throws Exception {
        assertThat(post(STANZA, " ").status()).isEqualTo(400);
        assertThat(post(STANZA, "k".repeat(NotificationRequest.MAX_IDEMPOTENCY_KEY + 1)).status()).isEqualTo(400);
        assertThat(routed).isEmpty();
    }


    private HttpEndpoint.Response post(String body, String idempotencyKey) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("authorization", "Bearer " + KEY,
                "content-type", "application/xml"));
        if (idempotencyKey != null) {
            headers.put("idempotency-key", idempotencyKey);
        }
        return endpoint.handle(new HttpEndpoint.Request("POST", StanzaEndpoint.PATH, Map.of(), headers,
                        body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
