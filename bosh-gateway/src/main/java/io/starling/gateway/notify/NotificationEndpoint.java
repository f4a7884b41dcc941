package io.starling.gateway.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.starling.core.jid.Jid;
import io.starling.core.spi.HttpEndpoint;
import io.starling.core.xml.XmlElementParser;
import io.starling.gateway.api.JsonResponses;

/**
 * {@code POST /api/v1/notifications} on the internal listener: a back end sends a message to one or more members
 * as one of its key's addresses. The request is refused whole or sent whole: the body is validated, then every
 * recipient is looked up at once (any that is not a member → 404 naming them, nothing sent), then the message is
 * routed to each and each recipient gets its outcome ({@link NotificationDelivery}). The {@code idempotency_key}
 * makes retries safe ({@link IdempotentSender}): the same key again gets the first answer and sends nothing; the
 * same key with another body is 409.
 */
public final class NotificationEndpoint implements HttpEndpoint {
    public static final String PATH = "/api/v1/notifications";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationEndpoint.class);

    private final String domain;
    private final ApiKeys keys;
    private final XmlElementParser payloads;
    private final IdempotentSender sender;
    private final NotificationDelivery delivery;

    public NotificationEndpoint(String domain, ApiKeys keys, XmlElementParser payloads,
                                IdempotencyRepository idempotency, NotificationServices services) {
        this.domain = domain;
        this.keys = keys;
        this.payloads = payloads;
        this.sender = new IdempotentSender(idempotency);
        this.delivery = new NotificationDelivery(services.users(), services.router());
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
        String stanzaId = "notify-" + NotificationRequest.sha256(name + '\0' + notification.idempotencyKey())
                .substring(0, 20);
        return sender.handle(new IdempotentSender.Attempt(name, notification.idempotencyKey(),
                notification.fingerprint(), 200), new IdempotentSender.Work() {
                    @Override
                    public CompletionStage<Response> check() {
                        return delivery.unknown(notification).thenApply(unknown -> unknown.isEmpty() ? null
                                : unknownMembers(unknown));
                    }

                    @Override
                    public CompletionStage<byte[]> send() {
                        return delivery.route(notification, stanzaId).thenApply(results -> {
                            LOG.debug("notification {} from key {} to {} recipients", stanzaId, name,
                                    results.size());
                            return answer(results);
                        });
                    }
                });
    }

    /** A request naming anyone who is not a member is refused whole: nothing is sent to the others either. */
    private static Response unknownMembers(List<Jid> unknown) {
        List<String> names = unknown.stream().map(Jid::toString).toList();
        LOG.debug("notification refused: {} unknown recipients", names.size());
        return JsonResponses.problem(404, "unknown-member", "not every recipient is a member; nothing was sent",
                String.join(", ", names), Map.of(), Map.of("unknown", names));
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
