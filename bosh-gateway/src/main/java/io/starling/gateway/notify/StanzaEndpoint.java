package io.starling.gateway.notify;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.spi.HttpEndpoint;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;

/**
 * {@code POST /api/v1/stanzas} on the internal listener: one raw stanza ({@code Content-Type: application/xml}),
 * a {@code message}, {@code presence} or {@code iq} in {@code jabber:client}, routed as if a trusted component had
 * sent it (RFC 6121 §8). Its {@code from} must be one of the key's addresses (the first when absent), its
 * {@code to} a valid address. Answer 202 {@code {"outcome":"routed"}} once the server took responsibility.
 *
 * <p>An optional {@code Idempotency-Key} header makes a retry safe, with the rules of the notifications path
 * ({@link IdempotentSender}): the same key and body again get the first answer and route nothing; the same key
 * with another body (fingerprint: SHA-256 of the body's bytes) is 409. Keys are per API key, shared by both paths.
 */
public final class StanzaEndpoint implements HttpEndpoint {
    public static final String PATH = "/api/v1/stanzas";
    private static final Logger LOG = LoggerFactory.getLogger(StanzaEndpoint.class);
    private static final String IDEMPOTENCY_KEY = "idempotency-key";
    private static final String JSON = "application/json";
    private static final String ROUTED = "{\"outcome\":\"routed\"}";

    private final ApiKeys keys;
    private final XmlElementParser parser;
    private final int maxStanzaBytes;
    private final Router router;
    private final IdempotentSender sender;

    /** @param maxStanzaBytes the c2s stanza limit: larger bodies get 413 */
    public StanzaEndpoint(ApiKeys keys, XmlElementParser parser, int maxStanzaBytes, Router router,
                          IdempotencyRepository idempotency) {
        this.keys = keys;
        this.parser = parser;
        this.maxStanzaBytes = maxStanzaBytes;
        this.router = router;
        this.sender = new IdempotentSender(idempotency);
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
        Stanza stanza;
        ApiKey key;
        String idempotencyKey;
        try {
            key = keys.admit(request);
            stanza = validate(request, key);
            idempotencyKey = idempotencyKey(request);
        } catch (ApiProblem problem) {
            LOG.debug("stanza refused: {} {}", problem.status(), problem.getMessage());
            return CompletableFuture.completedFuture(problem.response());
        }
        if (idempotencyKey == null) {
            return router.route(stanza).thenApply(v -> new Response(202, Map.of("content-type", JSON), routed()));
        }
        return sender.handle(new IdempotentSender.Attempt(key.name(), idempotencyKey,
                NotificationRequest.sha256(request.body()), 202), new IdempotentSender.Work() {
                    @Override
                    public CompletionStage<Response> check() {
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletionStage<byte[]> send() {
                        return router.route(stanza).thenApply(v -> routed());
                    }
                });
    }

    private static byte[] routed() {
        return ROUTED.getBytes(StandardCharsets.US_ASCII);
    }

    /** The optional {@code Idempotency-Key} header: null when absent. */
    private static String idempotencyKey(Request request) {
        String value = request.headers().get(IDEMPOTENCY_KEY);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > NotificationRequest.MAX_IDEMPOTENCY_KEY) {
            throw new ApiProblem(400, "bad-request", "the request is not valid", "Idempotency-Key must be 1 to "
                    + NotificationRequest.MAX_IDEMPOTENCY_KEY + " characters");
        }
        return value;
    }

    private Stanza validate(Request request, ApiKey key) {
        String contentType = request.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/xml") && !contentType.startsWith("text/xml")) {
            throw new ApiProblem(415, "unsupported-media-type", "send the stanza as application/xml", contentType);
        }
        if (request.body().length > maxStanzaBytes) {
            throw new ApiProblem(413, "too-large", "the stanza exceeds " + maxStanzaBytes + " bytes", null);
        }
        XmlElement element;
        try {
            element = parser.parse(new String(request.body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "malformed-xml", "the body must be one well-formed XML element",
                    e.getMessage());
        }
        if (!Namespaces.CLIENT.equals(element.namespace()) || Stanza.Kind.of(element.name()) == null) {
            throw new ApiProblem(400, "not-a-stanza", "expected message, presence or iq in jabber:client",
                    element.name());
        }
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaErrorException e) {
            throw new ApiProblem(400, "invalid-jid", "'to' or 'from' is not a valid address", e.getMessage());
        }
        if (stanza.to() == null) {
            throw new ApiProblem(400, "bad-request", "the stanza needs a 'to' address", null);
        }
        Jid from = stanza.from() == null ? key.defaultFrom() : stanza.from();
        if (!key.allows(from)) {
            throw new ApiProblem(403, "from-not-allowed", "this API key may not send as that address",
                    from.toString());
        }
        return stanza.withFrom(from);
    }
}
