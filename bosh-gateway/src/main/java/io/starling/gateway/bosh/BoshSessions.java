package io.starling.gateway.bosh;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;
import io.starling.gateway.GatewayContext;
import io.starling.gateway.http.HttpExchange;
import io.starling.gateway.prebind.PrebindException;

/**
 * The BOSH sessions of this node by sid: creation (XEP-0124 §7), lookup, prebind, shutdown. Sids are 144 random
 * bits from a {@link SecureRandom}, so one cannot be guessed; an unknown sid reaches no session. The count is capped
 * by {@code gateway.bosh.maxSessions}. Thread-safe: lookups come from every event loop.
 */
public final class BoshSessions {
    private static final Logger LOG = LoggerFactory.getLogger(BoshSessions.class);
    private static final int SID_BYTES = 18;

    private final GatewayContext context;
    private final ConcurrentHashMap<String, BoshSession> sessions = new ConcurrentHashMap<>();
    /** Thread-safe; creations are not frequent enough for its internal locking to matter. */
    private final SecureRandom random = new SecureRandom();
    /** The loops prebound sessions live on; set when the listeners start. */
    private volatile EventLoopGroup loops;

    public BoshSessions(GatewayContext context) {
        this.context = context;
    }

    GatewayContext context() {
        return context;
    }

    /** The event loops to place prebound sessions on (the server's worker loops). */
    public void start(EventLoopGroup workers) {
        this.loops = workers;
    }

    /** Sessions alive now. */
    public int size() {
        return sessions.size();
    }

    BoshSession get(String sid) {
        return sessions.get(sid);
    }

    void remove(BoshSession session) {
        sessions.remove(session.sid(), session);
    }

    /** A creation request, on {@code loop}: the new session lives there. */
    void create(EventLoop loop, BoshBody body, HttpExchange exchange) {
        BoshSession session = register(loop, BoshTerms.negotiate(body, context.config().bosh()), body.rid(),
                exchange.secure(), exchange.remoteAddress());
        if (session == null) {
            exchange.respond(HttpResponseStatus.OK, BoshSession.CONTENT_TYPE,
                    BoshBodyWriter.terminate(BoshCondition.REMOTE_CONNECTION_FAILED, List.of()));
            return;
        }
        session.create(body, exchange);
    }

    private BoshSession register(EventLoop loop, BoshTerms terms, long firstRid, boolean secure, String address) {
        if (sessions.size() >= context.config().bosh().maxSessions()) {
            LOG.warn("BOSH session refused to {}: {} sessions already", address, sessions.size());
            return null;
        }
        while (true) {
            BoshSession session = new BoshSession(newSid(), this, loop, terms, firstRid, secure, address);
            if (sessions.putIfAbsent(session.sid(), session) == null) {
                return session;
            }
        }
    }

    private String newSid() {
        byte[] bytes = new byte[SID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Prebind: creates a session for a member the caller has authenticated (a web site vouching for its logged-in
     * user), as if a client had created it with {@code wait} = maxWait and {@code hold} = 1, then authenticates it
     * without SASL, opens the stream and binds a resource; what the stream sent meanwhile (features, the bind
     * result) is discarded. The web page then attaches with the sid and rid (Strophe's
     * {@code attach(jid, sid, rid)}) and must send its first request, with {@link Prebound#rid()}, within the
     * inactivity period. No presence is sent: the page sends its own.
     *
     * @param username       the member's local part; not checked against the user directory: the caller vouches
     * @param resourceOrNull the resource to bind, or null for a server-generated one
     * @param remoteAddress  the browser's address, for logs and throttling
     * @return the bound JID, sid and first rid; fails with a {@link PrebindException}: 503 when the gateway is not
     *         started or keeps its maximum of sessions, 400 for an invalid resource, 409 when the member has too
     *         many resources
     */
    public CompletionStage<Prebound> prebind(String username, String resourceOrNull, String remoteAddress) {
        EventLoopGroup group = loops;
        if (group == null) {
            return CompletableFuture.failedFuture(new PrebindException(503, "the gateway is not started"));
        }
        EventLoop loop = group.next();
        long first = 1 + Math.floorMod(random.nextLong(), 1L << 40);
        BoshTerms terms = new BoshTerms((int) context.config().bosh().maxWait().toSeconds(), 1, false,
                context.config().bosh());
        BoshSession session = register(loop, terms, first, true, remoteAddress);
        if (session == null) {
            return CompletableFuture.failedFuture(new PrebindException(503, "too many BOSH sessions"));
        }
        CompletableFuture<Prebound> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                List<XmlElement> output = new ArrayList<>();
                session.prebind(username, bindRequest(resourceOrNull), output);
                String jid = boundJid(output);
                if (jid == null) {
                    session.fail(BoshCondition.ITEM_NOT_FOUND, null, "prebind of " + username + " refused");
                    result.completeExceptionally(refusal(output));
                } else {
                    result.complete(new Prebound(jid, session.sid(), session.nextRid()));
                }
            } catch (RuntimeException e) {
                session.fail(BoshCondition.ITEM_NOT_FOUND, null, "prebind failed");
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static XmlElement bindRequest(String resource) {
        XmlElement.Builder bind = XmlElement.builder(Namespaces.BIND, "bind");
        if (resource != null) {
            bind.child(XmlElement.builder(Namespaces.BIND, "resource").text(resource).build());
        }
        return XmlElement.builder(Namespaces.CLIENT, "iq").attribute("type", "set").attribute("id", "prebind")
                .child(bind.build()).build();
    }

    /** The bind error as the HTTP status the prebind endpoint answers with. */
    private static PrebindException refusal(List<XmlElement> output) {
        for (XmlElement e : output) {
            XmlElement error = e.is(Namespaces.CLIENT, "iq") ? e.element(Namespaces.CLIENT, "error") : null;
            if (error != null && error.element(Namespaces.STANZA_ERRORS, "bad-request") != null) {
                return new PrebindException(400, "invalid resource");
            }
            if (error != null && error.element(Namespaces.STANZA_ERRORS, "resource-constraint") != null) {
                return new PrebindException(409, "the member has too many resources");
            }
        }
        return new PrebindException(503, "the session could not be bound");
    }

    private static String boundJid(List<XmlElement> output) {
        for (XmlElement e : output) {
            XmlElement bind = e.is(Namespaces.CLIENT, "iq") && "result".equals(e.attribute("type"))
                    ? e.element(Namespaces.BIND, "bind") : null;
            XmlElement jid = bind == null ? null : bind.element(Namespaces.BIND, "jid");
            if (jid != null) {
                return jid.text();
            }
        }
        return null;
    }

    /** Server shutdown: every session ends with {@code system-shutdown}; waits a little for the answers to go. */
    public void closeAll() {
        List<BoshSession> all = List.copyOf(sessions.values());
        CountDownLatch done = new CountDownLatch(all.size());
        for (BoshSession s : all) {
            try {
                s.executor().execute(() -> {
                    try {
                        s.shutdown();
                    } finally {
                        done.countDown();
                    }
                });
            } catch (RuntimeException e) { // the loop is shutting down already
                done.countDown();
            }
        }
        try {
            done.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
