package io.starling.core.c2s;

import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.PresenceState;
import io.starling.core.spi.SessionListener;
import io.starling.core.spi.StanzaInterceptor;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;

/**
 * What happens to each stanza a bound client sends: validated, 'from' checked and stamped (RFC 6120 §8.1.2.1),
 * the session's own presence noted (RFC 6121 §4.2, §4.5), interceptors asked, then routed. The returned stage
 * completes once the server has taken responsibility for the stanza: stream management (XEP-0198) counts it as
 * handled only then.
 */
final class EstablishedStanzaHandler {
    private EstablishedStanzaHandler() {
    }

    static CompletionStage<Void> handle(C2sSession session, C2sContext context, XmlElement element) {
        if (!Namespaces.CLIENT.equals(element.namespace()) || Stanza.Kind.of(element.name()) == null) {
            // RFC 6120 §4.9.3.22: a top-level element this stream does not support.
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unsupported element " + element.name());
        }
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaErrorException e) {
            session.replyError(element, e);
            return Router.DONE;
        }
        Jid own = session.jid();
        Jid claimed = stanza.from();
        if (claimed != null && !claimed.equals(own) && !claimed.equals(own.asBare())) {
            // RFC 6120 §8.1.2.1 and §4.9.3.9: a 'from' that is not the client's own address.
            throw new StreamErrorException(StreamErrorCondition.INVALID_FROM, "'from' must be your own JID");
        }
        stanza = stanza.withFrom(own);
        if (stanza.kind() == Stanza.Kind.PRESENCE && !knownPresenceType(stanza.type())) {
            // RFC 6120 §8.3.3.1 / RFC 6121 §4.7.1: a presence type the protocol does not define.
            session.sendStanza(stanza.errorReply(StanzaErrorCondition.BAD_REQUEST, "unknown presence type").element());
            return Router.DONE;
        }
        if (stanza.kind() == Stanza.Kind.PRESENCE && stanza.to() == null && !ownPresence(session, context, stanza)) {
            return Router.DONE;
        }
        for (StanzaInterceptor interceptor : context.interceptors()) {
            StanzaInterceptor.Outcome outcome = interceptor.outbound(session, stanza);
            if (outcome instanceof StanzaInterceptor.Pass pass) {
                stanza = pass.stanza();
            } else {
                return Router.DONE;
            }
        }
        if (stanza.kind() == Stanza.Kind.PRESENCE && stanza.to() == null) {
            return Router.DONE; // broadcast presence is the presence module's; without it, nobody subscribes.
        }
        return context.router().route(stanza);
    }

    /**
     * Notes the session's availability and priority from its broadcast presence and tells listeners.
     *
     * @return false if the presence was refused with an error
     */
    private static boolean ownPresence(C2sSession session, C2sContext context, Stanza presence) {
        String type = presence.type();
        if (type == null) {
            int priority;
            try {
                priority = priority(presence.element());
            } catch (NumberFormatException e) {
                // RFC 6121 §4.7.2.3: an integer from -128 to +127.
                session.sendStanza(presence.errorReply(StanzaErrorCondition.BAD_REQUEST,
                        "priority must be -128..127").element());
                return false;
            }
            PresenceState before = session.presence();
            if (priority >= 0 && (!before.available() || before.priority() < 0)) {
                // XEP-0160 §2: kept messages go to the first presence with non-negative priority (a negative one
                // never receives messages to the bare JID), before this session becomes routable for them.
                session.takeBacklog();
            }
            session.setPresence(new PresenceState(true, priority));
            for (SessionListener l : context.listeners()) {
                l.available(session, presence);
            }
        } else if ("unavailable".equals(type)) {
            session.setPresence(PresenceState.UNAVAILABLE);
            for (SessionListener l : context.listeners()) {
                l.unavailable(session, presence);
            }
        }
        return true;
    }

    private static boolean knownPresenceType(String type) {
        return type == null || switch (type) {
            case "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error" -> true;
            default -> false;
        };
    }

    private static int priority(XmlElement presence) {
        XmlElement p = presence.element(Namespaces.CLIENT, "priority");
        if (p == null) {
            return 0;
        }
        int value = Integer.parseInt(p.text().strip());
        if (value < -128 || value > 127) {
            throw new NumberFormatException("out of range");
        }
        return value;
    }
}
