package io.starling.presence.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.iq.IqHandler;
import io.starling.core.iq.IqKey;
import io.starling.core.jid.Jid;
import io.starling.core.session.Session;
import io.starling.core.session.SessionRegistry;
import io.starling.core.spi.Extensions;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.block.BlockingCodec;
import io.starling.presence.roster.RosterCodec;

/**
 * The IQs a member sends about their own account: roster (RFC 6121 §2), block list (XEP-0191) and invisibility
 * (XEP-0186, both {@code urn:xmpp:invisible:1} and the {@code :0} that clients still send). Parsing happens on the
 * caller's thread; the work runs on the member's stripe.
 */
final class PresenceIqHandlers {
    private final Stripes stripes;
    private final SessionRegistry registry;
    private final RosterCodec rosterCodec;
    private final RosterRequests roster;
    private final BlockingRequests blocking;
    private final SessionPresence sessions;

    PresenceIqHandlers(Stripes stripes, SessionRegistry registry, RosterCodec rosterCodec, RosterRequests roster,
                       BlockingRequests blocking, SessionPresence sessions) {
        this.stripes = stripes;
        this.registry = registry;
        this.rosterCodec = rosterCodec;
        this.roster = roster;
        this.blocking = blocking;
        this.sessions = sessions;
    }

    void contribute(Extensions ext) {
        ext.iqHandler(key(PresenceNamespaces.ROSTER, "query"), this::roster);
        ext.iqHandler(key(PresenceNamespaces.BLOCKING, "blocklist"), this::blocking);
        ext.iqHandler(key(PresenceNamespaces.BLOCKING, "block"), this::blocking);
        ext.iqHandler(key(PresenceNamespaces.BLOCKING, "unblock"), this::blocking);
        for (String ns : new String[] {PresenceNamespaces.INVISIBLE, PresenceNamespaces.INVISIBLE_LEGACY}) {
            ext.iqHandler(key(ns, "invisible"), this::visibility);
            ext.iqHandler(key(ns, "visible"), this::visibility);
        }
    }

    private static IqKey key(String ns, String name) {
        return new IqKey(ns, name, IqKey.Target.BARE_JID);
    }

    private CompletionStage<Stanza> roster(Stanza iq) {
        Jid member = ownAccount(iq);
        Session session = registry.get(iq.from());
        if ("get".equals(iq.type())) {
            String ver = rosterCodec.parseGet(iq.payload()).ver();
            return stripes.call(member, m -> roster.get(m, session, iq, ver));
        }
        var command = rosterCodec.parseSet(iq.payload());
        return stripes.call(member, m -> roster.set(m, iq, command));
    }

    private CompletionStage<Stanza> blocking(Stanza iq) {
        Jid member = ownAccount(iq);
        Session session = registry.get(iq.from());
        XmlElement payload = iq.payload();
        if ("get".equals(iq.type())) {
            BlockingCodec.parseGet(payload);
            return stripes.call(member, m -> blocking.get(m, session, iq));
        }
        var command = BlockingCodec.parseSet(payload);
        return stripes.call(member, m -> blocking.set(m, iq, command));
    }

    /** XEP-0186 §3.1, §3.2: an IQ set from a session about itself. */
    private CompletionStage<Stanza> visibility(Stanza iq) {
        Jid member = ownAccount(iq);
        if (!"set".equals(iq.type())) {
            throw new StanzaErrorException(StanzaErrorCondition.BAD_REQUEST, "invisibility is an IQ set");
        }
        Session session = registry.get(iq.from());
        if (session == null) {
            return CompletableFuture.failedFuture(new StanzaErrorException(StanzaErrorCondition.NOT_ALLOWED,
                    "only a connected session can change its visibility"));
        }
        XmlElement payload = iq.payload();
        boolean invisible = "invisible".equals(payload.name());
        // urn:xmpp:invisible:0 predates the attribute and always let the user see contacts.
        boolean probe = PresenceNamespaces.INVISIBLE_LEGACY.equals(payload.namespace())
                || "true".equals(payload.attribute("probe")) || "1".equals(payload.attribute("probe"));
        return stripes.call(member, m -> {
            if (invisible) {
                sessions.invisible(m, session, probe);
            } else {
                sessions.visible(m, session);
            }
            return iq.iqResult((XmlElement) null);
        });
    }

    /** RFC 6121 §2.1.5: only the account's own resources may read or change it. */
    private static Jid ownAccount(Stanza iq) {
        Jid member = iq.from().asBare();
        if (iq.to() != null && !iq.to().equals(member)) {
            throw new StanzaErrorException(StanzaErrorCondition.FORBIDDEN, "not your account");
        }
        return member;
    }
}
