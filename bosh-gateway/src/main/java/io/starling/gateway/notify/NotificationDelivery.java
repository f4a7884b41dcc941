package io.starling.gateway.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.RouteOutcome;
import io.starling.core.session.UserDirectory;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

/**
 * Sends one validated notification in two steps, so that a request is refused whole or sent whole:
 * {@link #unknown} finds the recipients that are not members (one lookup for all of them) before anything is sent;
 * {@link #route} then routes to every recipient and says what became of each, as the router reports it
 * ({@link Router#routeReporting}): {@code delivered} (handed to at least one available session), {@code stored}
 * (committed to offline storage), or {@code rejected} with a reason: the stanza error condition the router decided
 * on ({@code service-unavailable} when the member blocks the sender, XEP-0191 §3.3, or the offline quota is full,
 * XEP-0160 §2; {@code resource-constraint} when storage is overloaded), which is then not also sent to the
 * {@code from} address; {@code dropped} when the message was silently ignored (RFC 6121 §8.5.2.2.1, XEP-0160 §3);
 * {@code internal-error} should routing to that one member fail — the others still go out.
 */
final class NotificationDelivery {
    /** XEP-0334 §4: asks offline storage to keep a headline, which it would otherwise drop (XEP-0160 §3). */
    static final String HINTS = "urn:xmpp:hints";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDelivery.class);

    /** One recipient's outcome, as the answer lists it. */
    record Result(String to, String outcome, String reason) {
    }

    private final UserDirectory users;
    private final Router router;

    NotificationDelivery(UserDirectory users, Router router) {
        this.users = users;
        this.router = router;
    }

    /** The recipients that are not members, in the request's order; empty when all are. Sends nothing. */
    CompletionStage<List<Jid>> unknown(NotificationRequest request) {
        return users.existing(request.recipients()).thenApply(found -> request.recipients().stream()
                .filter(to -> !found.contains(to)).toList());
    }

    /**
     * Routes the message to every recipient at once. The stage completes, never exceptionally, with the results in
     * the order of the recipients once the server has taken responsibility for every message (RFC 6121 §8.5.2).
     */
    CompletionStage<List<Result>> route(NotificationRequest request, String stanzaId) {
        List<CompletableFuture<Result>> results = new ArrayList<>();
        for (Jid to : request.recipients()) {
            results.add(routeTo(request, to, stanzaId));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<Result> routeTo(NotificationRequest request, Jid to, String stanzaId) {
        CompletionStage<RouteOutcome> routed;
        try {
            routed = router.routeReporting(message(request, to, stanzaId));
        } catch (RuntimeException e) {
            routed = CompletableFuture.failedFuture(e);
        }
        return routed.handle((outcome, failure) -> {
            if (failure != null || outcome == null) {
                // The router promises never to fail; should it, this member is told apart from the others.
                LOG.error("routing a notification to a member failed", failure);
                return new Result(to.toString(), "rejected", "internal-error");
            }
            return result(to, outcome);
        }).toCompletableFuture();
    }

    private static Result result(Jid to, RouteOutcome outcome) {
        return switch (outcome.kind()) {
            case DELIVERED -> new Result(to.toString(), "delivered", null);
            case STORED -> new Result(to.toString(), "stored", null);
            case REFUSED -> new Result(to.toString(), "rejected", outcome.condition().wireName());
            case DROPPED -> new Result(to.toString(), "rejected", "dropped");
        };
    }

    static Stanza message(NotificationRequest request, Jid to, String stanzaId) {
        List<XmlElement> children = new ArrayList<>();
        if (request.subject() != null) {
            children.add(text("subject", request.subject()));
        }
        if (request.body() != null) {
            children.add(text("body", request.body()));
        }
        if (request.thread() != null) {
            children.add(text("thread", request.thread()));
        }
        if (request.payload() != null) {
            children.add(request.payload());
        }
        if ("headline".equals(request.type())) {
            children.add(XmlElement.builder(HINTS, "store").build());
        }
        return Stanza.build(Stanza.Kind.MESSAGE, to, request.from(), request.type(), stanzaId, children);
    }

    private static XmlElement text(String name, String value) {
        return XmlElement.builder(Namespaces.CLIENT, name).text(value).build();
    }
}
