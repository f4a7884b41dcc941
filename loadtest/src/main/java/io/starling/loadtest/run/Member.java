package io.starling.loadtest.run;

import java.net.InetSocketAddress;

import io.netty.channel.EventLoop;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlWriter;
import io.starling.loadtest.client.StreamLink;
import io.starling.loadtest.session.Negotiator;
import io.starling.loadtest.session.SessionListener;
import io.starling.loadtest.session.Stanzas;

/**
 * One member: logs in (negotiation, roster get, initial presence — RFC 6121 §2.2, §4.2), then sends and counts
 * what the scenario asks. Confined to its event loop; {@link #state} is volatile so the launcher and the main
 * thread can read it.
 */
public final class Member implements SessionListener {
    static final int IDLE = 0;
    static final int LOGGING_IN = 1;
    static final int ONLINE = 2;
    static final int CLOSING = 3;

    private static final String ROSTER_GET = "<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>";
    private static final String INITIAL_PRESENCE = "<presence/>";
    private static final String AWAY = "<presence><show>away</show><status>load: away</status></presence>";
    private static final String AVAILABLE = "<presence><status>load: back</status></presence>";

    final EventLoop loop;
    private final RunState run;
    private final String username;
    private final InetSocketAddress localAddress;
    /** Pre-serialised start of a chat message to this member; the body is the sender's nanoTime. */
    final String chatPrefix;
    volatile int state = IDLE;
    private Negotiator negotiator;
    private boolean away;

    public Member(RunState run, EventLoop loop, String username, String domain, InetSocketAddress localAddress) {
        this.run = run;
        this.loop = loop;
        this.username = username;
        this.localAddress = localAddress;
        this.chatPrefix = "<message type='chat' to='" + username + "@" + domain + "'><body>";
    }

    /** Starts a login; the launcher has set {@link #LOGGING_IN} and counted it in flight. Call on the loop. */
    void start() {
        negotiator = new Negotiator(run.login, run.saltedPasswords, username, run.metrics, this, loop);
        StreamLink link;
        try {
            link = run.transport.newLink(loop, localAddress, negotiator);
        } catch (RuntimeException e) {
            run.inFlight.decrementAndGet();
            run.metrics.error("transport:" + e.getClass().getSimpleName());
            state = IDLE;
            return;
        }
        run.active.incrementAndGet();
        negotiator.start(link);
    }

    @Override
    public void bound(String fullJid) {
        negotiator.send(ROSTER_GET);
    }

    @Override
    public void stanza(XmlElement stanza, long receivedNanos) {
        String type = stanza.attribute("type");
        switch (stanza.name()) {
            case "message" -> message(stanza, type, receivedNanos);
            case "presence" -> {
                if ("error".equals(type)) {
                    run.metrics.error("stanza-error:" + Stanzas.errorCondition(stanza));
                } else if (receivedNanos >= run.measureFromNanos && receivedNanos < run.countUntilNanos) {
                    run.metrics.recordPresenceReceived();
                }
            }
            case "iq" -> iq(stanza, type);
            default -> { }
        }
    }

    private void message(XmlElement stanza, String type, long receivedNanos) {
        if ("error".equals(type)) {
            run.metrics.error("stanza-error:" + Stanzas.errorCondition(stanza));
            return;
        }
        XmlElement body = stanza.element(stanza.namespace(), "body");
        String text = body == null ? null : body.text();
        if (text == null || text.isEmpty()) {
            return;
        }
        long sent;
        try {
            sent = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return; // not ours
        }
        if (sent >= run.measureFromNanos) {
            run.metrics.messageReceived(receivedNanos - sent);
        }
    }

    private void iq(XmlElement iq, String type) {
        String id = iq.attribute("id");
        if ("roster".equals(id) && state == LOGGING_IN) {
            if ("error".equals(type)) {
                run.metrics.error("stanza-error:" + Stanzas.errorCondition(iq));
            }
            negotiator.send(INITIAL_PRESENCE);
            online();
        } else if ("get".equals(type) || "set".equals(type)) {
            // Server pings (XEP-0199) and roster pushes (RFC 6121 §2.1.6) get an empty result.
            String from = iq.attribute("from");
            negotiator.send("<iq type='result' id='" + (id == null ? "" : XmlWriter.escapeAttribute(id)) + "'"
                    + (from == null ? "" : " to='" + XmlWriter.escapeAttribute(from) + "'") + "/>");
        } else if ("error".equals(type)) {
            run.metrics.error("stanza-error:" + Stanzas.errorCondition(iq));
        }
    }

    private void online() {
        state = ONLINE;
        run.inFlight.decrementAndGet();
        run.online.incrementAndGet();
        run.lastLoginNanos.accumulateAndGet(System.nanoTime(), Math::max);
        if (run.logoutWhenOnline) {
            close();
        }
    }

    /** Sends one chat message to {@code peer}, stamped with now; counts it if measuring. Call on the loop. */
    void sendChat(Member peer) {
        long now = System.nanoTime();
        negotiator.send(peer.chatPrefix + now + "</body></message>");
        if (now >= run.measureFromNanos) {
            run.metrics.recordMessageSent();
        }
    }

    /** Toggles between away and available (RFC 6121 §4.4). Call on the loop. */
    void changePresence() {
        away = !away;
        negotiator.send(away ? AWAY : AVAILABLE);
        if (System.nanoTime() >= run.measureFromNanos) {
            run.metrics.recordPresenceSent();
        }
    }

    /** Ends the stream gracefully, from any thread. */
    public void closeOnLoop() {
        loop.execute(this::close);
    }

    /** Ends the stream gracefully. Call on the loop. */
    void close() {
        if (state == ONLINE) {
            run.online.decrementAndGet();
            state = CLOSING;
            negotiator.close();
        } else if (state == LOGGING_IN && negotiator != null) {
            state = CLOSING;
            run.inFlight.decrementAndGet();
            negotiator.close();
        }
    }

    @Override
    public void failed(String kind) {
        run.metrics.error(kind);
        down();
    }

    @Override
    public void ended() {
        down();
    }

    private void down() {
        if (state == ONLINE) {
            run.online.decrementAndGet();
        } else if (state == LOGGING_IN) {
            run.inFlight.decrementAndGet();
        }
        run.active.decrementAndGet();
        negotiator = null;
        state = IDLE;
    }
}
