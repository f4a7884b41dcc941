package io.starling.gateway.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.SessionRegistry;
import io.starling.core.session.UserDirectory;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

/**
 * Sends one validated notification to each recipient and says what became of it: {@code delivered} (the member
 * had an available session when it was routed), {@code stored} (routed to the offline store), or
 * {@code rejected} with reason {@code unknown-member}, without failing the other recipients.
 */
final class NotificationDelivery {
    /** XEP-0334 §4: asks offline storage to keep a headline, which it would otherwise drop (XEP-0160 §3). */
    static final String HINTS = "urn:xmpp:hints";

    /** One recipient's outcome, as the answer lists it. */
    record Result(String to, String outcome, String reason) {
    }

    private final UserDirectory users;
    private final SessionRegistry registry;
    private final Router router;

    NotificationDelivery(UserDirectory users, SessionRegistry registry, Router router) {
        this.users = users;
        this.registry = registry;
        this.router = router;
    }

    /** The results in the order of the recipients; the stage completes once the server took responsibility. */
    CompletionStage<List<Result>> send(NotificationRequest request, String stanzaId) {
        List<CompletableFuture<Result>> results = new ArrayList<>();
        for (Jid to : request.recipients()) {
            results.add(users.exists(to).thenCompose(exists -> exists
                    ? route(request, to, stanzaId)
                    : CompletableFuture.completedFuture(new Result(to.toString(), "rejected", "unknown-member")))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletionStage<Result> route(NotificationRequest request, Jid to, String stanzaId) {
        boolean available = registry.sessionsOf(to).stream().anyMatch(s -> s.presence().available());
        String outcome = available ? "delivered" : "stored";
        return router.route(message(request, to, stanzaId)).thenApply(v -> new Result(to.toString(), outcome, null));
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
