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
import io.starling.gateway.api.JsonResponses;

/**
 * {@code POST /api/v1/stanzas} on the internal listener: one raw stanza ({@code Content-Type: application/xml}),
 * a {@code message}, {@code presence} or {@code iq} in {@code jabber:client}, routed as if a trusted component had
 * sent it (RFC 6121 §8). Its {@code from} must be one of the key's addresses (the first when absent), its
 * {@code to} a valid address. Answer 202 {@code {"outcome":"routed"}} once the server took responsibility.
 */
public final class StanzaEndpoint implements HttpEndpoint {
    public static final String PATH = "/api/v1/stanzas";
    private static final Logger LOG = LoggerFactory.getLogger(StanzaEndpoint.class);

    private final ApiKeys keys;
    private final XmlElementParser parser;
    private final int maxStanzaBytes;
    private final Router router;

    /** @param maxStanzaBytes the c2s stanza limit: larger bodies get 413 */
    public StanzaEndpoint(ApiKeys keys, XmlElementParser parser, int maxStanzaBytes, Router router) {
        this.keys = keys;
        this.parser = parser;
        this.maxStanzaBytes = maxStanzaBytes;
        this.router = router;
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
        try {
            ApiKey key = keys.admit(request);
            stanza = validate(request, key);
        } catch (ApiProblem problem) {
            LOG.debug("stanza refused: {} {}", problem.status(), problem.getMessage());
            return CompletableFuture.completedFuture(problem.response());
        }
        return router.route(stanza).thenApply(v -> JsonResponses.json(202, Map.of("outcome", "routed")));
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
