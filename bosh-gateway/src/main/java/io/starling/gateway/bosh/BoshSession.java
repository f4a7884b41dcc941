package io.starling.gateway.bosh;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.Timer;
import io.starling.core.c2s.C2sConnection;
import io.starling.core.c2s.InboundStreamHeader;
import io.starling.core.session.Transport;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;
import io.starling.gateway.http.HttpExchange;
import io.starling.gateway.http.HttpStreamTransport;

/**
 * One BOSH session (XEP-0124, XEP-0206): the transport of one client stream over a series of HTTP requests. It
 * feeds the requests' payloads, in rid order ({@link RidWindow}), to its {@link C2sConnection}, where negotiation,
 * stream management and routing live, and answers held requests ({@link HeldRequests}) with what the stream sends
 * ({@link OutputQueue}), once per burst of output. This class is the {@link StreamTransport} adapter, the
 * sequencing of requests and the session's phase; the parts it coordinates are plain bookkeeping on the same loop.
 * Confined to the event loop chosen at creation; requests hop there. No thread and no scheduler task of its own:
 * one wheel timeout at a time, the wait of the oldest held request or, with none held, the inactivity limit (§8).
 */
final class BoshSession implements HttpStreamTransport {
    private static final Logger LOG = LoggerFactory.getLogger(BoshSession.class);
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private enum Phase { OPEN, CLOSING, ENDED }

    /** A request waiting in the window for its turn. */
    private record Early(BoshBody body, HttpExchange exchange) {
    }

    private final String sid;
    private final BoshSessions sessions;
    private final EventLoop executor;
    private final BoshTerms terms;
    private final boolean secure;
    private final String remoteAddress;
    private final C2sConnection connection;
    private final RidWindow<Early> window;
    private final HeldRequests held;
    private final OutputQueue output = new OutputQueue();
    private boolean flushScheduled;
    private Phase phase = Phase.OPEN;
    /** Arrival of the last empty request of a polling session (§12), for the 'polling' interval. */
    private long lastPoll;
    /** The stream id of the last header the stream sent: the creation response's 'authid'. */
    private String streamId;

    BoshSession(String sid, BoshSessions sessions, EventLoop executor, BoshTerms terms, long firstRid,
                boolean secure, String remoteAddress) {
        this.sid = sid;
        this.sessions = sessions;
        this.executor = executor;
        this.terms = terms;
        this.secure = secure;
        this.remoteAddress = remoteAddress;
        this.window = new RidWindow<>(firstRid, terms.requests());
        this.held = new HeldRequests(this, window, terms);
        this.connection = new C2sConnection(sessions.context().c2s(), this, executor, Transport.BOSH);
    }

    String sid() {
        return sid;
    }

    EventLoop executor() {
        return executor;
    }

    C2sConnection connection() {
        return connection;
    }

    /** The timer wheel of the session's timeout. */
    Timer wheel() {
        return sessions.context().timer();
    }

    /** The rid the client must send next. */
    long nextRid() {
        return window.next();
    }

    // ---- requests (on the executor) ------------------------------------------------------------------------------

    /** The creation request (§7.1): opens the stream and answers with the session's terms and first features. */
    void create(BoshBody body, HttpExchange exchange) {
        window.advance();
        connection.onStreamOpen(body.streamHeader(sessions.context().c2s().domain()));
        feed(body.payload());
        String authid = streamId;
        streamId = null;
        if (phase != Phase.OPEN) {
            // The stream failed at once ('to' names another host…): the creation fails with it.
            BoshCondition condition = output.creationCondition(); // before taking the output: it may drop the error
            respond(exchange, BoshBodyWriter.terminate(condition, output.take()));
            end();
            return;
        }
        String response = BoshBodyWriter.creation(sid, terms, authid, sessions.context().c2s().domain(),
                terms.ack() ? body.rid() : -1, output.take());
        window.answered(body.rid(), response);
        respond(exchange, response);
        rearm();
    }

    /** Binds a resource for prebind: the output (features, bind result) goes to {@code sink}, not to a client. */
    void prebind(String username, XmlElement bindIq, List<XmlElement> sink) {
        window.advance();
        connection.preauthenticated(username);
        connection.onStreamOpen(new InboundStreamHeader(Namespaces.STREAMS, "stream", Namespaces.CLIENT, true,
                sessions.context().c2s().domain(), null, "1.0", null));
        connection.onElement(bindIq);
        sink.addAll(output.take());
        streamId = null;
        rearm();
    }

    /** A request with this session's sid. */
    void receive(BoshBody body, HttpExchange exchange) {
        if (flushScheduled) {
            flush(); // output of this turn goes out before the request is counted (overactivity)
        }
        if (phase == Phase.ENDED) {
            respond(exchange, BoshBodyWriter.terminate(BoshCondition.ITEM_NOT_FOUND, List.of()));
            return;
        }
        if (phase == Phase.CLOSING) {
            respond(exchange, BoshBodyWriter.terminate(output.closingCondition(), output.take()));
            end();
            return;
        }
        switch (window.place(body.rid())) {
            case NEXT -> {
                if (overactive(exchange)) {
                    return;
                }
                process(body, exchange);
                Early e;
                while (phase == Phase.OPEN && (e = window.takeNext()) != null) {
                    process(e.body(), e.exchange());
                }
            }
            case EARLY -> {
                if (overactive(exchange)) {
                    return;
                }
                Early replaced = window.defer(body.rid(), new Early(body, exchange));
                if (replaced != null) {
                    respond(replaced.exchange(), BoshBodyWriter.EMPTY);
                }
            }
            case PAST -> retransmitted(body.rid(), exchange);
            case OUTSIDE -> fail(BoshCondition.ITEM_NOT_FOUND, exchange, "rid " + body.rid() + " outside the window");
        }
    }

    /** §11: more requests open at once than 'requests' is overactivity. Fails the session if so. */
    private boolean overactive(HttpExchange exchange) {
        if (held.size() + window.deferred() + 1 > terms.requests()) {
            fail(BoshCondition.POLICY_VIOLATION, exchange, "more than " + terms.requests() + " requests at once");
            return true;
        }
        return false;
    }

    /** §14.3: a rid seen before. A held one is answered empty and replaced; an answered one gets its answer again. */
    private void retransmitted(long rid, HttpExchange exchange) {
        if (held.replace(rid, exchange)) {
            return;
        }
        String cached = window.cached(rid);
        if (cached == null) {
            fail(BoshCondition.ITEM_NOT_FOUND, exchange, "rid " + rid + " is too old");
        } else {
            respond(exchange, cached);
        }
    }

    /** Processes the request whose turn it is, then holds it until there is something to answer it with. */
    private void process(BoshBody body, HttpExchange exchange) {
        window.advance();
        long now = System.nanoTime();
        if (terms.hold() == 0 && body.empty()) {
            long polling = terms.config().polling().toNanos();
            if (lastPoll != 0 && now - lastPoll < polling) {
                fail(BoshCondition.POLICY_VIOLATION, exchange, "polling more often than every "
                        + terms.config().polling().toSeconds() + " s");
                return;
            }
            lastPoll = now;
        }
        held.pause(0);
        if (body.pause() >= 0 && !paused(body.pause(), exchange)) {
            return;
        }
        if (body.terminate()) {
            terminatedByClient(body, exchange);
            return;
        }
        if (body.restart()) {
            // XEP-0206 §5: the answer carries the new features
            connection.onStreamOpen(body.streamHeader(sessions.context().c2s().domain()));
        }
        feed(body.payload());
        if (phase == Phase.ENDED) {
            // The payload ended the session (an overflow, say): nothing would answer a held request any more.
            respond(exchange, BoshBodyWriter.terminate(BoshCondition.ITEM_NOT_FOUND, List.of()));
            return;
        }
        held.hold(body.rid(), exchange, now);
        scheduleFlush();
    }

    /** §10: a pause up to 'maxpause' answers every held request; inactivity is the pause until the next request. */
    private boolean paused(int seconds, HttpExchange exchange) {
        if (seconds > terms.config().maxPause().toSeconds()) {
            fail(BoshCondition.POLICY_VIOLATION, exchange, "pause longer than maxpause");
            return false;
        }
        held.pause(Math.max(seconds, 1));
        return true;
    }

    /**
     * §13: the payload (a last unavailable presence) goes first, then the stream closes. What the client did not
     * fetch is not sent any more; its messages go back to the stream ({@link #handBackUnsent}).
     */
    private void terminatedByClient(BoshBody body, HttpExchange exchange) {
        feed(body.payload());
        if (phase == Phase.OPEN) {
            connection.onStreamClose();
        }
        String terminate = BoshBodyWriter.terminate(null, List.of());
        handBackUnsent();
        output.clear();
        held.answerAll(terminate);
        respond(exchange, terminate);
        end();
        connection.onDisconnected();
    }

    private void feed(List<XmlElement> payload) {
        for (XmlElement e : payload) {
            if (phase != Phase.OPEN) {
                return;
            }
            connection.onElement(e);
        }
    }

    // ---- output --------------------------------------------------------------------------------------------------

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            executor.execute(this::flush);
        }
    }

    /**
     * Writes the output queued this turn, all of it in one response to the oldest held request; then answers held
     * requests beyond 'hold' empty, and all of them during a pause. Once per burst of output, not per element.
     */
    private void flush() {
        flushScheduled = false;
        if (phase == Phase.CLOSING) {
            if (!held.isEmpty()) {
                held.answerOldest(BoshBodyWriter.terminate(output.closingCondition(), output.take()));
                held.answerAll(BoshBodyWriter.terminate(null, List.of()));
                end();
            }
            return;
        }
        if (phase != Phase.OPEN) {
            return;
        }
        if (!output.isEmpty() && !held.isEmpty()) {
            held.answerOldest(output.take());
        }
        held.trim();
        rearm();
    }

    static void respond(HttpExchange exchange, String body) {
        exchange.respond(HttpResponseStatus.OK, CONTENT_TYPE, body);
    }

    /** One timeout at a time (see {@link HeldRequests}); none once the session ended. */
    private void rearm() {
        if (phase != Phase.ENDED) {
            held.rearm();
        }
    }

    // ---- ending --------------------------------------------------------------------------------------------------

    /** Ends the session with a terminal condition: every open request gets it, the stream loses its transport. */
    void fail(BoshCondition condition, HttpExchange current, String why) {
        if (phase == Phase.ENDED) {
            if (current != null) {
                respond(current, BoshBodyWriter.terminate(BoshCondition.ITEM_NOT_FOUND, List.of()));
            }
            return;
        }
        LOG.warn("BOSH session {} of {} ends with {}: {}", sid, remoteAddress, condition.wireName(), why);
        String body = BoshBodyWriter.terminate(condition, List.of());
        answerOpen(body);
        if (current != null) {
            respond(current, body);
        }
        boolean open = phase == Phase.OPEN;
        end();
        if (open) {
            connection.onDisconnected();
        }
    }

    /** Server shutdown: held requests get {@code system-shutdown}, the stream ends. */
    void shutdown() {
        if (phase != Phase.ENDED) {
            fail(BoshCondition.SYSTEM_SHUTDOWN, null, "shutting down");
        }
    }

    /** The inactivity limit, or the pause, passed with no request (§8, §10): the session ends. */
    void inactive() {
        LOG.debug("BOSH session {} of {} inactive; ending", sid, remoteAddress);
        end();
        connection.onDisconnected(); // stream management may keep it resumable (XEP-0198 §5)
    }

    /**
     * The session ends: what no response carried is dropped, except its messages, which go back to the stream
     * ({@link #handBackUnsent}) before the stream hears of the disconnection.
     */
    private void end() {
        phase = Phase.ENDED;
        handBackUnsent();
        output.clear();
        held.cancelTimeout();
        answerOpen(BoshBodyWriter.terminate(BoshCondition.ITEM_NOT_FOUND, List.of()));
        sessions.remove(this);
    }

    /**
     * Hands the queued messages no response carried back to the stream, which routes them again once it has ended
     * (another resource or offline storage): without XEP-0198 — Smack's BOSH has none — nothing else would know
     * they never reached the client. With it, they are among the unacknowledged stanzas and the stream ignores this.
     * The stream only queues them (or routes them, if it has ended already) and never calls back into this
     * transport, so this is safe from inside the connection too.
     */
    private void handBackUnsent() {
        List<XmlElement> unsent = output.takeMessages();
        if (!unsent.isEmpty()) {
            connection.onUnsent(unsent);
        }
    }

    /** Answers every request open, held or waiting for its turn, with {@code body}. */
    private void answerOpen(String body) {
        held.answerAll(body);
        for (Early e : window.drain()) {
            respond(e.exchange(), body);
        }
    }

    // ---- StreamTransport (any thread; see its javadoc) -----------------------------------------------------------

    @Override
    public void openStream(String id, String from, String lang) {
        onExecutor(() -> streamId = id);
    }

    @Override
    public void send(XmlElement element) {
        onExecutor(() -> queue(element));
    }

    private void queue(XmlElement element) {
        if (phase == Phase.ENDED) {
            return;
        }
        if (!output.add(element)) { // queued all the same: end() hands its messages back to the stream
            fail(BoshCondition.POLICY_VIOLATION, null, "more than " + OutputQueue.MAX + " elements unread");
            return;
        }
        scheduleFlush();
    }

    /** The stream closed on the server's side (stream error, conflict, logout): the client learns it next. */
    @Override
    public void closeStream() {
        onExecutor(this::closedByServer);
    }

    @Override
    public void disconnect() {
        onExecutor(this::closedByServer);
    }

    private void closedByServer() {
        if (phase != Phase.OPEN) {
            return;
        }
        phase = Phase.CLOSING;
        // The stream is over: queued messages are not handed to a client that may never come back for them, but
        // back to the stream now, ahead of whatever it holds from here on, so their order survives.
        handBackUnsent();
        // Over TCP the stream ends when the connection closes; here, now. Later: this call may come from inside
        // the connection.
        executor.execute(connection::onDisconnected);
        scheduleFlush();
        rearm(); // the client has the inactivity period to come and learn of the close
    }

    @Override
    public void restartStream() {
        // Each request is parsed on its own: nothing to reset.
    }

    /** The creating request came over TLS or from a trusted address (a TLS-terminating proxy, loopback). */
    @Override
    public boolean tlsActive() {
        return secure;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    private void onExecutor(Runnable r) {
        if (executor.inEventLoop()) {
            r.run();
        } else {
            executor.execute(r);
        }
    }
}
