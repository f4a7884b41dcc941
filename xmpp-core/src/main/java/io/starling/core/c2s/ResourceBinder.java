package io.starling.core.c2s;

import java.util.UUID;

import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;
import io.starling.core.session.Session;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrors;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.xml.XmlElement;

/**
 * RFC 6120 §7: binds a client-chosen or server-generated resource. A login with a full JID already in use takes
 * it over and the older session ends with {@code conflict} (§7.7.2.2, the "override" policy). Instead of binding,
 * the client may resume an older session (XEP-0198 §5); enabling stream management must wait for the bind (§3).
 */
final class ResourceBinder {
    private ResourceBinder() {
    }

    /** An element on an authenticated stream that is not bound yet. */
    static void element(C2sSession session, C2sContext context, XmlElement element) {
        if (element.is(SmElements.NS, "resume")) {
            StreamResumption.request(session, context, element);
            return;
        } else if (element.is(SmElements.NS, "enable")) {
            session.send(SmElements.failed(StanzaErrorCondition.UNEXPECTED_REQUEST));
            return;
        }
        XmlElement payload = "iq".equals(element.name()) && element.elements().size() == 1
                ? element.elements().get(0) : null;
        if (payload == null || !payload.is(Namespaces.BIND, "bind")) {
            session.refuseBeforeBind(element);
            return;
        }
        bind(session, context, element, payload);
    }

    private static void bind(C2sSession session, C2sContext context, XmlElement iq, XmlElement bind) {
        if (!"set".equals(iq.attribute("type")) || iq.attribute("id") == null) {
            session.send(StanzaErrors.reply(iq, StanzaErrorCondition.BAD_REQUEST, "bind is an IQ set with an id"));
            return;
        }
        XmlElement resourceElement = bind.element(Namespaces.BIND, "resource");
        String requested = resourceElement == null ? "" : resourceElement.text().strip();
        Jid full;
        try {
            full = Jid.of(session.username(), context.domain(),
                    requested.isEmpty() ? UUID.randomUUID().toString() : requested);
        } catch (JidFormatException e) {
            // §7.7.2.1: a resource that cannot be processed is a bad request.
            session.send(StanzaErrors.reply(iq, StanzaErrorCondition.BAD_REQUEST, "invalid resource"));
            return;
        }
        session.setJid(full);
        Session replaced;
        try {
            replaced = context.registry().bind(session);
        } catch (IllegalStateException e) {
            session.setJid(null);
            // §7.6.2.1: the member has too many resources.
            session.send(StanzaErrors.reply(iq, StanzaErrorCondition.RESOURCE_CONSTRAINT, "too many resources"));
            return;
        }
        if (replaced != null) {
            replaced.close(StreamErrorCondition.CONFLICT, "replaced by a new login");
        }
        session.send(XmlElement.builder(Namespaces.CLIENT, "iq")
                .attribute("type", "result")
                .attribute("id", iq.attribute("id"))
                .child(XmlElement.builder(Namespaces.BIND, "bind").textChild("jid", full.toString()).build())
                .build());
        session.bound();
    }
}
