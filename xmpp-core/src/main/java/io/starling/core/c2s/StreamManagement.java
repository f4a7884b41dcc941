package io.starling.core.c2s;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.config.C2sConfig;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;

/**
 * XEP-0198 stream management of one session, from {@code <enable/>} until the session ends: the inbound count
 * ({@link HandledCounter}), the stanzas sent and not yet acknowledged ({@link UnackedQueue}), the server's own
 * {@code <r/>} requests, and the resumption id and timer. Whatever the transport (TCP, BOSH, WebSocket), the session
 * calls in here; this class writes only non-stanza elements, through the session. Confined to the session's
 * executor.
 *
 * <p>Bounds ({@link C2sConfig#smMaxUnacked()}): more unacknowledged stanzas, or more client stanzas still being
 * routed, than the bound closes the stream with {@code policy-violation}; the session then ends and its
 * unacknowledged messages are routed again, so nothing is lost.
 */
final class StreamManagement {
    private static final Logger LOG = LoggerFactory.getLogger(StreamManagement.class);
    /** After a stanza that was not followed by a request, the server asks for an ack this much later. */
    static final long REQUEST_DELAY_MILLIS = 1000;

    private final C2sSession session;
    private final int maxUnacked;
    private final int requestEvery;
    private final String resumeId;
    private final long maxSeconds;
    private final HandledCounter inbound;
    private final UnackedQueue outbound = new UnackedQueue();
    /**
     * An unrequested {@code <a/>} is owed once the inbound count reaches this: a {@code <r/>} was answered while
     * stanzas before it were still being routed. -1 when none is owed; at most one is.
     */
    private long ackOwedAt = -1;
    /** Callbacks waiting for the inbound count to reach a target ({@link #whenHandled}); null while none. */
    private List<HandledWaiter> handledWaiters;
    private int sinceRequest;
    private ScheduledFuture<?> requestTimer;
    private ScheduledFuture<?> expiry;

    private StreamManagement(C2sSession session, C2sConfig config, String resumeId, long maxSeconds) {
        this.session = session;
        this.maxUnacked = config.smMaxUnacked();
        this.requestEvery = config.smRequestEvery();
        this.resumeId = resumeId;
        this.maxSeconds = maxSeconds;
        this.inbound = new HandledCounter(session.executor(), this::inboundAdvanced);
    }

    /**
     * An SM element on an established stream before stream management is on: {@code <enable/>} turns it on (the
     * returned instance); {@code <resume/>} after binding is refused (§5); anything else ends the stream.
     *
     * @return the new state, or null if still off
     */
    static StreamManagement beforeEnable(C2sSession session, C2sContext context, XmlElement element) {
        if (element.is(SmElements.NS, "enable")) {
            return enable(session, context, element);
        } else if (element.is(SmElements.NS, "resume")) {
            session.send(SmElements.failed(StanzaErrorCondition.UNEXPECTED_REQUEST));
            return null;
        }
        throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "enable stream management first");
    }

    /**
     * §3: answers {@code <enable/>} with {@code <enabled/>}. The resumption time is the client's {@code max} capped
     * by {@link C2sConfig#resumeTimeout()}.
     */
    private static StreamManagement enable(C2sSession session, C2sContext context, XmlElement enable) {
        long configured = Math.max(1, context.config().resumeTimeout().toSeconds());
        String id = null;
        long max = configured;
        if (SmElements.wantsResume(enable)) {
            long asked = SmElements.clientMax(enable);
            max = asked > 0 ? Math.min(asked, configured) : configured;
            id = context.resumptions().register(session.username(), session);
        }
        StreamManagement sm = new StreamManagement(session, context.config(), id, max);
        session.send(SmElements.enabled(id, max));
        return sm;
    }

    boolean resumable() {
        return resumeId != null;
    }

    String resumeId() {
        return resumeId;
    }

    // ---- elements from the client ---------------------------------------------------------------------------------

    /** An element in the SM namespace on an established stream. */
    void element(XmlElement element) {
        switch (element.name()) {
            case "r" -> answerRequest();
            case "a" -> acknowledged(element);
            // §3, §5: enable twice, or resume after binding.
            case "enable", "resume" -> session.send(SmElements.failed(StanzaErrorCondition.UNEXPECTED_REQUEST));
            default -> session.fail(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected stream management element " + element.name());
        }
    }

    /**
     * §4: answers {@code <r/>} at once with the count so far: the {@code <a/>} "SHOULD be sent as soon as possible"
     * and "MUST NOT be withheld for any condition other than a timeout". Stanzas still being routed are not in that
     * count, since {@code h} counts only what the server took responsibility for (see {@link HandledCounter}). So
     * that the client learns about them without asking again, one unrequested {@code <a/>} (§4 allows one at any
     * time) follows once the stanzas received before the request are handled. Requests while one is owed move its
     * target forward: one owed {@code <a/>} at most.
     */
    private void answerRequest() {
        session.send(SmElements.ack(inbound.handled()));
        if (inbound.waiting() > 0) {
            ackOwedAt = inbound.received();
        }
    }

    private void acknowledged(XmlElement a) {
        long h = SmElements.count(a);
        if (h < 0) {
            session.fail(StreamErrorCondition.BAD_FORMAT, "'h' must be a number 0..4294967295");
        } else if (!outbound.ack(h)) {
            // §4: the client acknowledged more than was sent.
            LOG.warn("client {} acknowledged {} stanzas, {} were sent", session.describe(), h, outbound.sent());
            session.failWith(SmElements.handledCountTooHigh(h, outbound.sent()));
        }
    }

    // ---- inbound counting ----------------------------------------------------------------------------------------

    /** A client stanza, handled once {@code stage} completes (see {@link HandledCounter}). */
    void received(CompletionStage<Void> stage) {
        inbound.add(stage);
        if (inbound.waiting() > maxUnacked) {
            session.fail(StreamErrorCondition.POLICY_VIOLATION, "too many stanzas waiting to be routed");
        }
    }

    private void inboundAdvanced() {
        long handled = inbound.handled();
        if (ackOwedAt >= 0 && handled >= ackOwedAt) {
            ackOwedAt = -1;
            if (session.attached()) {
                session.send(SmElements.ack(handled)); // the unrequested <a/> of answerRequest
            }
        }
        if (handledWaiters != null) {
            List<Runnable> ready = new ArrayList<>();
            handledWaiters.removeIf(w -> w.target <= handled && ready.add(w.then));
            if (handledWaiters.isEmpty()) {
                handledWaiters = null;
            }
            ready.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code then} on the executor once every client stanza received so far is handled, at once if none is
     * still being routed, or when the session ends (so check its state). §5 needs it: {@code <resumed h/>} must
     * count every stanza the old stream delivered, or the client sends again what the server already routed.
     */
    void whenHandled(Runnable then) {
        long target = inbound.received();
        if (inbound.handled() >= target) {
            then.run();
            return;
        }
        if (handledWaiters == null) {
            handledWaiters = new ArrayList<>(1);
        }
        handledWaiters.add(new HandledWaiter(target, then));
    }

    /** §5: the count for {@code <resumed h/>}. */
    long handled() {
        return inbound.handled();
    }

    // ---- outbound ------------------------------------------------------------------------------------------------

    /**
     * Keeps a stanza about to be written (or, detached, queued for the resumption) until the client acknowledges it.
     *
     * @return false if the queue is now over its bound (the stanza is kept; the caller ends the stream)
     */
    boolean keep(XmlElement stanza) {
        outbound.add(stanza);
        return outbound.size() <= maxUnacked;
    }

    /**
     * A kept stanza was written: asks for an acknowledgement every {@link C2sConfig#smRequestEvery()} stanzas, or
     * {@link #REQUEST_DELAY_MILLIS} after the last one not yet covered by a request.
     */
    void written() {
        requestLater();
    }

    private void requestLater() {
        if (++sinceRequest >= requestEvery) {
            request();
        } else if (requestTimer == null) {
            requestTimer = session.executor().schedule(() -> {
                requestTimer = null;
                if (sinceRequest > 0 && session.attached()) {
                    request();
                }
            }, REQUEST_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends {@code <r/>} now; call after writing stanzas. */
    void request() {
        sinceRequest = 0;
        session.send(SmElements.request());
    }

    int unacked() {
        return outbound.size();
    }

    // ---- resumption (§5) -----------------------------------------------------------------------------------------

    /** The stream dropped: the session waits this long for a resumption, then {@code expired} runs. */
    void detach(Runnable expired) {
        cancel();
        sinceRequest = 0;
        ackOwedAt = -1;
        expiry = session.executor().schedule(expired, maxSeconds, TimeUnit.SECONDS);
    }

    /**
     * A client resumes: drops what its {@code h} acknowledges and stops the timers (the resume timeout among them);
     * what it still lacks is taken with {@link #unacknowledged()} once {@code <resumed/>} goes out.
     *
     * @return false, and nothing changed, if {@code h} acknowledges more than was sent
     */
    boolean resuming(long h) {
        if (!outbound.ack(h)) {
            return false;
        }
        cancel();
        sinceRequest = 0;
        ackOwedAt = -1;
        return true;
    }

    /** The stanzas sent (or queued while detached) and not acknowledged, oldest first; they stay kept. */
    List<XmlElement> unacknowledged() {
        return outbound.pending();
    }

    long sent() {
        return outbound.sent();
    }

    /** The session ends for good: timers stop, the id is forgotten, the unacknowledged messages are returned. */
    List<Stanza> end(ResumptionRegistry registry) {
        cancel();
        if (resumeId != null) {
            registry.remove(resumeId, session);
        }
        if (handledWaiters != null) {
            List<HandledWaiter> waiters = handledWaiters;
            handledWaiters = null;
            waiters.forEach(w -> w.then.run()); // they find the session ended
        }
        List<Stanza> messages = new ArrayList<>();
        for (XmlElement e : outbound.drain()) {
            if ("message".equals(e.name())) {
                try {
                    Stanza stanza = Stanza.of(e);
                    if (Leftovers.worthRouting(stanza)) {
                        messages.add(stanza);
                    }
                } catch (StanzaErrorException ex) {
                    LOG.warn("an unacknowledged message of {} has bad addresses; dropped", session.describe());
                }
            }
        }
        return messages;
    }

    private void cancel() {
        if (requestTimer != null) {
            requestTimer.cancel(false);
            requestTimer = null;
        }
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private record HandledWaiter(long target, Runnable then) {
    }
}
