package io.starling.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.core.jid.Jid;
import io.starling.core.session.RouteOutcome;
import io.starling.core.session.UserDirectory;
import io.starling.core.spi.HttpEndpoint;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.RecordingRouter;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.gateway.api.JsonResponses;

/**
 * The notification endpoint's at-most-once rules with an in-memory idempotency store that fails on demand: however
 * the store or the member lookup fails, a retry under the same key never sends a second time, and a request
 * naming a non-member sends nothing to anyone.
 */
class NotificationEndpointTest {
    private static final String KEY = "notify-key-0123456789abcdef";
    private static final String BODY =
            "{\"to\":[\"alice\",\"bob\"],\"body\":\"Match at 8\",\"idempotency_key\":\"k1\"}";

    private final InMemoryIdempotencyRepository store = new InMemoryIdempotencyRepository();
    private final Members members = new Members(Set.of("alice", "bob"));
    private final RecordingRouter router = new RecordingRouter();
    private final List<Stanza> routed = router.routed();

    {
        router.reportNext(RouteOutcome.STORED); // nobody is online
    }
    private final NotificationEndpoint endpoint = new NotificationEndpoint("localhost",
            new ApiKeys(Map.of("shop", new ApiKeyConfig(KEY, "notify@localhost", 1000))),
            new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults()), store,
            new NotificationServices(members, router));

    @Test
    void answerNeverRecorded_isStillGiven_andARetrySendsNothing() throws Exception {
        store.completeFailures = Integer.MAX_VALUE;

        HttpEndpoint.Response first = post(BODY);
        HttpEndpoint.Response retry = post(BODY);

        assertThat(first.status()).isEqualTo(200);
        assertThat(json(first).at("/results/1/outcome").asText()).isEqualTo("stored");
        assertThat(store.completeCalls).isEqualTo(IdempotentSender.RECORD_ATTEMPTS);
        assertThat(store.releaseCalls).isZero();
        assertThat(retry.status()).isEqualTo(409);
        assertThat(json(retry).path("type").asText()).isEqualTo("urn:starling:problem:idempotency-in-progress");
        assertThat(routed).hasSize(2);
    }

    @Test
    void answerRecordedAtTheSecondAttempt_isReplayed_sentOnce() throws Exception {
        store.completeFailures = 1;

        HttpEndpoint.Response first = post(BODY);
        HttpEndpoint.Response retry = post(BODY);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.headers()).containsEntry("idempotent-replayed", "true");
        assertThat(json(retry)).isEqualTo(json(first));
        assertThat(routed).hasSize(2);
    }

    @Test
    void memberLookupFails_nothingSent_keyFreed_retrySendsOnce() throws Exception {
        members.failures = 1;

        HttpEndpoint.Response first = post(BODY);

        assertThat(first.status()).isEqualTo(503);
        assertThat(routed).isEmpty();
        assertThat(store.holds("shop", "k1")).isFalse();

        HttpEndpoint.Response retry = post(BODY);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(routed).extracting(s -> s.to().toString()).containsExactly("alice@localhost", "bob@localhost");
        assertThat(members.queries).as("one lookup per request, for all recipients").isEqualTo(2);
    }

    @Test
    void unknownMemberInABatch_is404NamingIt_andNobodyGetsAnything() throws Exception {
        HttpEndpoint.Response r = post("{\"to\":[\"alice\",\"nobody\",\"bob\",\"ghost@localhost\"],"
                + "\"body\":\"x\",\"idempotency_key\":\"k2\"}");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers()).containsEntry("content-type", "application/problem+json");
        JsonNode problem = json(r);
        assertThat(problem.path("type").asText()).isEqualTo("urn:starling:problem:unknown-member");
        assertThat(problem.path("unknown")).containsExactly(JsonResponses.MAPPER.getNodeFactory()
                .textNode("nobody@localhost"), JsonResponses.MAPPER.getNodeFactory().textNode("ghost@localhost"));
        assertThat(routed).isEmpty();
        assertThat(store.holds("shop", "k2")).as("the key is free again").isFalse();
    }

    @Test
    void claimFails_is503_andTheKeyIsLeftAlone() throws Exception {
        store.claimedElsewhere("shop", "k1");
        store.claimFailures = 1;

        HttpEndpoint.Response r = post(BODY);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsEntry("retry-after", "1");
        assertThat(store.releaseCalls).isZero();
        assertThat(store.holds("shop", "k1")).as("another request's claim survives").isTrue();
        assertThat(routed).isEmpty();
    }

    @Test
    void releaseFailsOnce_isRetried_soARetryIsHandledAfresh() throws Exception {
        members.failures = 1;
        store.releaseFailures = 1;

        assertThat(post(BODY).status()).isEqualTo(503);
        assertThat(store.releaseCalls).isEqualTo(2);
        assertThat(post(BODY).status()).isEqualTo(200);
        assertThat(routed).hasSize(2);
    }


    private HttpEndpoint.Response post(String body) throws Exception {
        return endpoint.handle(new HttpEndpoint.Request("POST", NotificationEndpoint.PATH, Map.of(),
                        Map.of("authorization", "Bearer " + KEY, "content-type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static JsonNode json(HttpEndpoint.Response r) throws Exception {
        return JsonResponses.MAPPER.readTree(r.body());
    }

    /** Accounts by name; {@link #existing} counts its queries and fails the next {@link #failures} of them. */
    private static final class Members implements UserDirectory {
        private final Set<String> names;
        int failures;
        int queries;

        Members(Set<String> names) {
            this.names = names;
        }

        @Override
        public CompletionStage<Boolean> exists(Jid bareJid) {
            throw new AssertionError("recipients are looked up all at once");
        }

        @Override
        public CompletionStage<Set<Jid>> existing(Collection<Jid> bareJids) {
            queries++;
            if (failures > 0) {
                failures--;
                return CompletableFuture.failedFuture(new IllegalStateException("connection lost"));
            }
            Set<Jid> found = new HashSet<>();
            bareJids.stream().filter(j -> names.contains(j.local())).forEach(found::add);
            return CompletableFuture.completedFuture(found);
        }
    }
}
