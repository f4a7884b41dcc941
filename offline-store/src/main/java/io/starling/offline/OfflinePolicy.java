package io.starling.offline;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

/**
 * Which undeliverable messages are kept (XEP-0160 §3, XEP-0334 message processing hints).
 * <ul>
 *   <li>{@code normal} (or no type) and {@code chat}: stored — unless they carry XEP-0334's
 *       {@code <no-store xmlns='urn:xmpp:hints'/>} ("should not be stored ... temporarily, e.g. for later delivery to
 *       an offline client"), which leaves the RFC 6121 §8.5.2.2.1 answer: {@code service-unavailable}; and unless
 *       they carry nothing but XEP-0085 chat states, which XEP-0160 §3 says not to store: dropped silently (a typing
 *       notification is worthless later and is not worth an error either).</li>
 *   <li>{@code headline}: dropped (XEP-0160 §3: usually time-sensitive; RFC 6121 §8.5.2.2.1: silently ignored) —
 *       unless the notification path marks it with XEP-0334's {@code <store xmlns='urn:xmpp:hints'/>}, which asks
 *       for it to be stored; {@code no-store} wins over {@code store}.</li>
 *   <li>{@code groupchat}: never stored; {@code service-unavailable} (RFC 6121 §8.5.2.2.1, XEP-0160 §3).</li>
 *   <li>{@code error}: never stored, never answered (XEP-0160 §3, RFC 6120 §8.3.1).</li>
 * </ul>
 */
public final class OfflinePolicy {
    public static final String HINTS = Namespaces.HINTS;
    public static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    /** XEP-0359 origin-id and stanza-id travel with chat states and do not make a message worth keeping. */
    private static final String STANZA_IDS = "urn:xmpp:sid:0";

    /** What to do with a message no session can take. */
    public enum Decision {
        /** Keep it for the next login. */
        STORE,
        /** Not kept: answer the sender {@code service-unavailable}. */
        BOUNCE,
        /** Not kept, no answer. */
        DROP
    }

    private OfflinePolicy() {
    }

    public static Decision decide(Stanza message) {
        String type = message.type();
        XmlElement e = message.element();
        if (type == null || "normal".equals(type) || "chat".equals(type)) {
            if (e.element(HINTS, "no-store") != null) {
                return Decision.BOUNCE;
            }
            return onlyChatStates(e) ? Decision.DROP : Decision.STORE;
        }
        return switch (type) {
            case "headline" -> e.element(HINTS, "store") != null && e.element(HINTS, "no-store") == null
                    ? Decision.STORE : Decision.DROP;
            case "groupchat" -> Decision.BOUNCE;
            default -> Decision.DROP; // error, and types RFC 6121 §5.2.2 does not define
        };
    }

    /** A chat state and nothing else worth keeping: no body, subject or any other payload (XEP-0160 §3). */
    private static boolean onlyChatStates(XmlElement message) {
        boolean chatState = false;
        for (XmlElement child : message.elements()) {
            String ns = child.namespace();
            if (CHAT_STATES.equals(ns)) {
                chatState = true;
            } else if (!HINTS.equals(ns) && !STANZA_IDS.equals(ns)
                    && !(Namespaces.CLIENT.equals(ns) && "thread".equals(child.name()))) {
                return false;
            }
        }
        return chatState;
    }
}
