package io.starling.gateway.prebind;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.core.jid.Jid;
import io.starling.core.session.UserDirectory;
import io.starling.core.spi.HttpEndpoint;
import io.starling.core.user.Username;
import io.starling.gateway.api.BearerKeys;
import io.starling.gateway.api.JsonResponses;
import io.starling.gateway.bosh.BoshSessions;
import io.starling.gateway.bosh.Prebound;

/**
 * {@code POST /api/v1/prebind} on the internal listener: the web application, for a member logged in to the site,
 * asks for an authenticated BOSH session and hands {@code jid}, {@code sid} and {@code rid} to the page, which
 * attaches to it: the member never types a chat password. Body {@code {"user": "alice", "resource": "web"}}
 * ({@code resource} optional); answer {@code {"jid": …, "sid": …, "rid": …}}. Errors are problem documents: 401
 * without a valid API key, 400 for malformed JSON or an invalid name, 404 for an unknown member.
 */
public final class PrebindEndpoint implements HttpEndpoint {
    public static final String PATH = "/api/v1/prebind";
    private static final Logger LOG = LoggerFactory.getLogger(PrebindEndpoint.class);

    private final String domain;
    private final BearerKeys keys;
    private final UserDirectory users;
    private final BoshSessions sessions;

    public PrebindEndpoint(String domain, BearerKeys keys, UserDirectory users, BoshSessions sessions) {
        this.domain = domain;
        this.keys = keys;
        this.users = users;
        this.sessions = sessions;
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
        if (!keys.admits(request)) {
            return done(BearerKeys.unauthorized());
        }
        JsonNode body;
        try {
            body = JsonResponses.MAPPER.readTree(request.body());
        } catch (IOException e) {
            return done(JsonResponses.problem(400, "malformed-json", "the body is not valid JSON", null));
        }
        if (body == null || !body.isObject() || !body.path("user").isTextual()
                || !(body.path("resource").isMissingNode() || body.path("resource").isTextual()
                || body.path("resource").isNull())) {
            return done(JsonResponses.problem(400, "bad-request", "expected {\"user\": string, \"resource\": string?}",
                    null));
        }
        String username;
        try {
            username = Username.normalise(body.get("user").asText());
        } catch (IllegalArgumentException e) {
            return done(JsonResponses.problem(400, "invalid-user", "not a valid username", e.getMessage()));
        }
        String resource = body.path("resource").isTextual() ? body.get("resource").asText() : null;
        return users.exists(Jid.of(username, domain, null))
                .thenCompose(exists -> exists
                        ? sessions.prebind(username, resource, request.remoteAddress()).thenApply(this::bound)
                        : done(JsonResponses.problem(404, "unknown-member", "no such member", username)))
                .exceptionally(PrebindEndpoint::failure);
    }

    private Response bound(Prebound session) {
        return JsonResponses.json(200, Map.of("jid", session.jid(), "sid", session.sid(), "rid", session.rid()));
    }

    private static Response failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof PrebindException refused) {
            return JsonResponses.problem(refused.status(), "prebind-refused", "the session could not be created",
                    refused.getMessage());
        }
        LOG.error("prebind failed", cause);
        return JsonResponses.problem(500, "internal-error", "the session could not be created", null);
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
