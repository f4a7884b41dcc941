package io.starling.gateway.bosh;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.Timeout;
import io.starling.core.c2s.C2sConnection;
import io.starling.core.c2s.InboundStreamHeader;
import io.starling.core.c2s.StreamTransport;
import io.starling.core.session.Transport;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;
import io.starling.gateway.http.HttpExchange;

/**
 * One BOSH session (XEP-0124, XEP-0206): the transport of one client stream over a series of HTTP requests. It
 * feeds the requests' payloads, in rid order, to its {@link C2sConnection}, where negotiation, stream management
 * and routing live, and answers held requests with what the stream sends. Confined to the event loop chosen at
 * creation; requests hop there. No thread and no scheduler task of its own: one wheel timeout at a time, the wait
 * of the oldest held request or, with none held, the inactivity limit (§8).
 */
final class BoshSession implements StreamTransport {
    private static final Logger LOG = LoggerFactory.getLogger(BoshSession.class);
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";
    /** Elements queued while no request is held; beyond, the client is not reading and the session ends. */
    static final int MAX_PENDING = 4096;

    private enum Phase { OPEN, CLOSING, ENDED }

    /** A request processed and not yet answered. */
    private static final class Held {
        final long rid;
        final long arrived;
        HttpExchange exchange;

        Held(long rid, HttpExchange exchange, long arrived) {
            this.rid = rid;
            this.exchange = exchange;
            this.arrived = arrived;
        }
    }

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
    private final ArrayDeque<Held> held = new ArrayDeque<>(2);
    /** Output not yet written into a response; null when there is none. */
    private List<XmlElement> pending;
    private boolean flushScheduled;
    private Phase phase = Phase.OPEN;
    private Timeout timer;
    /** Arrival of the last empty request of a polling session (§12), for the 'polling' interval. */
    private long lastPoll;
    /** Seconds of the pause in force (§10), 0 when none. */
    private int pause;
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

    /** The rid the client must send next. */
    long nextRid() {
        return window.next();
    }

    // ---- requests (on the executor) ------------------------------------------------------------------------------

    /** The creation request (§7.1): opens the stream and answers with the session's terms and first features. */
    void create(BoshBody body, HttpExchange exchange) {
        window.advance();
        connection.onStreamOpen(header(body));
        feed(body.payload());
        String authid = streamId;
        streamId = null;
        if (phase != Phase.OPEN) {
            // The stream failed at once ('to' names another host…): the creation fails with it.
            BoshCondition condition = creationCondition(); // before taking the output: it may drop the error
            respond(exchange, BoshBodyWriter.terminate(condition, takePending()));
            end();
            return;
        }
        String response = BoshBodyWriter.creation(sid, terms, authid, sessions.context().c2s().domain(),
                terms.ack() ? body.rid() : -1, takePending());
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
        sink.addAll(takePending());
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
            respond(exchange, BoshBodyWriter.terminate(closingCondition(), takePending()));
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
        for (Held h : held) {
            if (h.rid == rid) {
                respond(h.exchange, BoshBodyWriter.EMPTY);
                h.exchange = exchange;
                return;
            }
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
        pause = 0;
        if (body.pause() >= 0 && !paused(body.pause(), exchange)) {
            return;
        }
        if (body.terminate()) {
            terminatedByClient(body, exchange);
            return;
        }
        if (body.restart()) {
            connection.onStreamOpen(header(body)); // XEP-0206 §5: the answer carries the new features
        }
        feed(body.payload());
        held.addLast(new Held(body.rid(), exchange, now));
        scheduleFlush();
    }

    /** §10: a pause up to 'maxpause' answers every held request; inactivity is the pause until the next request. */
    private boolean paused(int seconds, HttpExchange exchange) {
        if (seconds > terms.config().maxPause().toSeconds()) {
            fail(BoshCondition.POLICY_VIOLATION, exchange, "pause longer than maxpause");
            return false;
        }
        pause = Math.max(seconds, 1);
        return true;
    }

    /** §13: the payload (a last unavailable presence) goes first, then the stream closes. */
    private void terminatedByClient(BoshBody body, HttpExchange exchange) {
        feed(body.payload());
        if (phase == Phase.OPEN) {
            connection.onStreamClose();
        }
        String terminate = BoshBodyWriter.terminate(null, List.of());
        pending = null;
        answerAll(terminate);
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
                String terminate = BoshBodyWriter.terminate(closingCondition(), takePending());
                answer(held.pollFirst(), terminate);
                answerAll(BoshBodyWriter.terminate(null, List.of()));
                end();
            }
            return;
        }
        if (phase != Phase.OPEN) {
            return;
        }
        if (pending != null && !held.isEmpty()) {
            Held h = held.pollFirst();
            answer(h, BoshBodyWriter.payload(takePending(), ack(h.rid)));
        }
        while (!held.isEmpty() && (held.size() > terms.hold() || pause > 0)) {
            Held h = held.pollFirst();
            answer(h, BoshBodyWriter.payload(List.of(), ack(h.rid)));
        }
        rearm();
    }

    /** §9.1: acknowledge the highest rid processed when answering an older one, if the client asked. */
    private long ack(long rid) {
        return terms.ack() && rid < window.lastProcessed() ? window.lastProcessed() : -1;
    }

    private void answer(Held h, String body) {
        window.answered(h.rid, body);
        respond(h.exchange, body);
    }

    private void answerAll(String body) {
        Held h;
        while ((h = held.pollFirst()) != null) {
            answer(h, body);
        }
    }

    private static void respond(HttpExchange exchange, String body) {
        exchange.respond(HttpResponseStatus.OK, CONTENT_TYPE, body);
    }

    private List<XmlElement> takePending() {
        List<XmlElement> out = pending;
        pending = null;
        return out == null ? List.of() : out;
    }

    private XmlElement pendingStreamError() {
        if (pending != null) {
            for (XmlElement e : pending) {
                if (e.is(Namespaces.STREAMS, "error")) {
                    return e;
                }
            }
        }
        return null;
    }

    /** XEP-0206: a stream error ends the session with remote-stream-error, the error in the body. */
    private BoshCondition closingCondition() {
        return pendingStreamError() != null ? BoshCondition.REMOTE_STREAM_ERROR : null;
    }

    /** At creation a bad 'to' has its own terminal conditions (XEP-0124 §17.2). */
    private BoshCondition creationCondition() {
        XmlElement error = pendingStreamError();
        if (error == null) {
            return null;
        }
        if (error.element(Namespaces.STREAM_ERRORS, "host-unknown") != null) {
            pending = null;
            return BoshCondition.HOST_UNKNOWN;
        }
        if (error.element(Namespaces.STREAM_ERRORS, "improper-addressing") != null) {
            pending = null;
            return BoshCondition.IMPROPER_ADDRESSING;
        }
        return BoshCondition.REMOTE_STREAM_ERROR;
    }

    // ---- timeouts (the wheel thread hops here) --------------------------------------------------------------------

    /** One timeout at a time: the wait of the oldest held request, else inactivity (or the pause). */
    private void rearm() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (phase == Phase.ENDED) {
            return;
        }
        long delay;
        Held oldest = held.peekFirst();
        if (oldest != null) {
            delay = oldest.arrived + TimeUnit.SECONDS.toNanos(terms.waitSeconds()) - System.nanoTime();
        } else {
            delay = pause > 0 ? TimeUnit.SECONDS.toNanos(pause) : terms.config().inactivity().toNanos();
        }
        timer = sessions.context().timer().newTimeout(t -> executor.execute(() -> expired(t)),
                Math.max(delay, 0), TimeUnit.NANOSECONDS);
    }

    private void expired(Timeout t) {
        if (t != timer || phase == Phase.ENDED) {
            return; // superseded by a later request or answer
        }
        timer = null;
        if (held.isEmpty()) {
            LOG.debug("BOSH session {} of {} inactive; ending", sid, remoteAddress);
            end();
            connection.onDisconnected(); // stream management may keep it resumable (XEP-0198 §5)
            return;
        }
        long now = System.nanoTime();
        long wait = TimeUnit.SECONDS.toNanos(terms.waitSeconds());
        while (!held.isEmpty() && now - held.peekFirst().arrived >= wait - TimeUnit.MILLISECONDS.toNanos(50)) {
            Held h = held.pollFirst();
            answer(h, BoshBodyWriter.payload(List.of(), ack(h.rid)));
        }
        rearm();
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
        answerAll(body);
        for (Early e : window.drain()) {
            respond(e.exchange(), body);
        }
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

    private void end() {
        phase = Phase.ENDED;
        pending = null;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        String body = BoshBodyWriter.terminate(BoshCondition.ITEM_NOT_FOUND, List.of());
        answerAll(body);
        for (Early e : window.drain()) {
            respond(e.exchange(), body);
        }
        sessions.remove(this);
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
        if (pending == null) {
            pending = new ArrayList<>(4);
        } else if (pending.size() >= MAX_PENDING) {
            fail(BoshCondition.POLICY_VIOLATION, null, "more than " + MAX_PENDING + " elements unread");
            return;
        }
        pending.add(element);
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

    /** A proxy may terminate the client's TLS: no tls-server-end-point binding. */
    @Override
    public boolean channelBindingPossible() {
        return false;
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public void startTls(XmlElement proceed) {
        throw new UnsupportedOperationException("no STARTTLS over BOSH");
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

    private InboundStreamHeader header(BoshBody body) {
        String to = body.to() == null && body.restart() ? sessions.context().c2s().domain() : body.to();
        // A client that does not say xmpp:version is a pre-XEP-0206 one; this server speaks only 1.0 (SASL).
        String version = body.version() == null ? "1.0" : body.version();
        return new InboundStreamHeader(Namespaces.STREAMS, "stream", Namespaces.CLIENT, true, to, null, version,
                body.lang());
    }
}
