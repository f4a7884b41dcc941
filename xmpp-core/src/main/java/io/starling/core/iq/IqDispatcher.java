package io.starling.core.iq;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;

/**
 * Hands IQ requests the server answers to their {@link IqHandler} by payload name. Every get/set gets exactly one
 * response (RFC 6120 §8.2.3): a handler's answer, {@code service-unavailable} when nobody handles the payload,
 * {@code bad-request} when there is not exactly one payload, or {@code internal-server-error} if a handler fails.
 * Responses (result/error) addressed to the server are not requests and are dropped.
 */
public final class IqDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(IqDispatcher.class);

    private final Map<IqKey, IqHandler> handlers;

    public IqDispatcher(Map<IqKey, IqHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    public void dispatchToServer(Stanza iq, Router router) {
        dispatch(iq, IqKey.Target.SERVER, router);
    }

    public void dispatchToBareJid(Stanza iq, Router router) {
        dispatch(iq, IqKey.Target.BARE_JID, router);
    }

    private void dispatch(Stanza iq, IqKey.Target target, Router router) {
        if (!iq.isIqRequest()) {
            if (!iq.isIqResponse()) {
                router.route(iq.errorReply(StanzaErrorCondition.BAD_REQUEST, "IQ type must be get, set, result or error"));
            }
            return;
        }
        if (iq.id() == null || iq.element().elements().size() != 1) {
            // RFC 6120 §8.2.3: an 'id' is required and a get/set carries exactly one payload.
            router.route(iq.errorReply(StanzaErrorCondition.BAD_REQUEST, "an IQ request needs an id and one payload"));
            return;
        }
        XmlElement payload = iq.payload();
        IqHandler handler = handlers.get(new IqKey(payload.namespace(), payload.name(), target));
        if (handler == null) {
            router.route(iq.errorReply(StanzaErrorCondition.SERVICE_UNAVAILABLE, null));
            return;
        }
        CompletionStage<Stanza> response;
        try {
            response = handler.handle(iq);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((answer, failure) -> router.route(answer != null ? answer : errorFor(iq, failure)));
    }

    private static Stanza errorFor(Stanza iq, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StanzaErrorException e) {
            return iq.errorReply(e.condition(), e.getMessage());
        }
        LOG.error("IQ handler failed for {}", iq.payload().namespace(), cause);
        return iq.errorReply(StanzaErrorCondition.INTERNAL_SERVER_ERROR, null);
    }
}
