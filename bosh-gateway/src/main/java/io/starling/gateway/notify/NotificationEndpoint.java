package io.starling.gateway.notify;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.starling.core.spi.HttpEndpoint;
import io.starling.core.xml.XmlElementParser;
import io.starling.gateway.api.JsonResponses;

/**
 * {@code POST /api/v1/notifications} on the internal listener: a back end sends a message to one or more members
 * as one of its key's addresses. The request is validated whole before anything is sent; then each recipient gets
 * its outcome ({@link NotificationDelivery}). The {@code idempotency_key} makes retries safe: the same key again
 * gets the first answer and sends nothing; the same key with another body is 409.
 */
public final class NotificationEndpoint implements HttpEndpoint {
    public static final String PATH = "/api/v1/notifications";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationEndpoint.class);
    private static final String JSON = "application/json";

    private final String domain;
    private final ApiKeys keys;
    private final XmlElementParser payloads;
    private final IdempotencyRepository idempotency;
    private final NotificationDelivery delivery;

    public NotificationEndpoint(String domain, ApiKeys keys, XmlElementParser payloads,
                                IdempotencyRepository idempotency, NotificationServices services) {
        this.domain = domain;
        this.keys = keys;
        this.payloads = payloads;
        this.idempotency = idempotency;
        this.delivery = new NotificationDelivery(services.users(), services.registry(), services.router());
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Listener listener() {
        return Listener.INTERNAL;
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        ApiKey key;
        NotificationRequest notification;
        try {
            key = keys.admit(request);
            notification = NotificationRequest.parse(request.body(), domain, key, payloads);
        } catch (ApiProblem problem) {
            LOG.debug("notification refused: {} {}", problem.status(), problem.getMessage());
            return CompletableFuture.completedFuture(problem.response());
        }
        String name = key.name();
        String idempotencyKey = notification.idempotencyKey();
        return idempotency.claim(name, idempotencyKey, notification.fingerprint())
                .thenCompose(claim -> claim instanceof IdempotencyRepository.Seen seen
                        ? CompletableFuture.completedFuture(replay(seen, notification))
                        : send(name, notification))
                .exceptionally(failure -> failed(name, idempotencyKey, failure));
    }

    private CompletionStage<Response> send(String name, NotificationRequest notification) {
        String stanzaId = "notify-" + NotificationRequest.sha256(name + '\0' + notification.idempotencyKey())
                .substring(0, 20);
        return delivery.send(notification, stanzaId).thenCompose(results -> {
            byte[] body = answer(results);
            LOG.debug("notification {} from key {} to {} recipients", stanzaId, name, results.size());
            return idempotency.complete(name, notification.idempotencyKey(), new String(body,
                            StandardCharsets.UTF_8))
                    .thenApply(v -> new Response(200, Map.of("content-type", JSON), body));
        });
    }

    private static Response replay(IdempotencyRepository.Seen seen, NotificationRequest notification) {
        if (!seen.fingerprint().equals(notification.fingerprint())) {
            return JsonResponses.problem(409, "idempotency-conflict",
                    "this idempotency_key was used for a different request", notification.idempotencyKey());
        }
        if (seen.response() == null) {
            return JsonResponses.problem(409, "idempotency-in-progress",
                    "a request with this idempotency_key is still being handled; retry later",
                    notification.idempotencyKey(), Map.of("retry-after", "1"));
        }
        return new Response(200, Map.of("content-type", JSON, "idempotent-replayed", "true"),
                seen.response().getBytes(StandardCharsets.UTF_8));
    }

    private Response failed(String name, String idempotencyKey, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.warn("notification for key {} failed: {}", name, cause.toString());
        LOG.debug("notification failure", cause);
        idempotency.release(name, idempotencyKey);
        return JsonResponses.problem(503, "unavailable", "the notification could not be handled; retry later",
                null, Map.of("retry-after", "1"));
    }

    private static byte[] answer(List<NotificationDelivery.Result> results) {
        List<Map<String, String>> list = results.stream().map(r -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("to", r.to());
            m.put("outcome", r.outcome());
            if (r.reason() != null) {
                m.put("reason", r.reason());
            }
            return m;
        }).toList();
        try {
            return JsonResponses.MAPPER.writeValueAsBytes(Map.of("results", list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
