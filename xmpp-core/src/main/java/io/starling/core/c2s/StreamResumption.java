package io.starling.core.c2s;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;

/**
 * XEP-0198 §5 resumption, across two executors. The new stream, authenticated and not bound, sends
 * {@code <resume previd h/>}: the id is looked up for the authenticated account, the stream's events start waiting
 * in its {@link C2sConnection}, and the old session is asked on its own executor. There it drops what {@code h}
 * acknowledges and takes the new transport over; then it answers {@code <resumed/>} and writes again what the client
 * lacks, and the new stream forwards everything to it. If the old session ended meanwhile, or {@code h} is
 * impossible, the new stream answers instead and handles its events itself (the client may bind).
 *
 * <p>The {@code h} of {@code <resumed/>} tells the client which of its stanzas to send again, so it must count
 * every stanza the old stream delivered. A stanza still being routed (an offline-storage commit) is not counted
 * yet ({@link HandledCounter}), so the answer waits until those are handled ({@link C2sSession} is
 * {@link C2sState#RESUMPTION_PENDING} meanwhile, queuing what arrives for the client). If they are not handled
 * within {@link #HANDLED_WAIT_SECONDS}, the storage is in trouble: answering with the lower count would make the
 * client send again what may yet be stored (duplicates), and a higher one could lose a message. So the resumption
 * fails instead, with {@code <failed><internal-server-error/></failed>}: the client binds a new session, and the old
 * one ends for good, its unacknowledged messages routed again (to the new resource, or offline storage) as for any
 * session that ends. A newer {@code <resume/>} for the same session while one waits takes over from it; the older
 * stream is answered with {@code <failed><item-not-found/></failed>}.
 */
final class StreamResumption {
    private static final Logger LOG = LoggerFactory.getLogger(StreamResumption.class);
    /**
     * Longest wait for the old stream's stanzas to be handled before {@code <resumed/>}: about a client's own
     * answer timeout (Smack's is 5 s), far above a healthy commit (milliseconds).
     */
    static final long HANDLED_WAIT_SECONDS = 5;

    private StreamResumption() {
    }

    /** On the new stream. */
    static void request(C2sSession stream, C2sContext context, XmlElement resume) {
        long h = SmElements.count(resume);
        if (h < 0) {
            throw new StreamErrorException(StreamErrorCondition.BAD_FORMAT, "'h' must be a number 0..4294967295");
        }
        String previd = resume.attribute("previd");
        C2sSession target = context.resumptions().find(previd, stream.username());
        if (target == null) {
            // Unknown, expired, or another account's: one answer for all, and the client may bind instead.
            stream.send(SmElements.failed(StanzaErrorCondition.ITEM_NOT_FOUND));
            return;
        }
        Takeover takeover = new Takeover(target, stream.connection(), stream.stream(), previd);
        stream.connection().relayTo(target);
        target.executor().execute(() -> takeover.start(h));
    }

    /** One resumption, on the old session's executor; answers the new stream exactly once. */
    private static final class Takeover {
        private final C2sSession session;
        private final C2sConnection stream;
        private final StreamTransport transport;
        private final String previd;
        private ScheduledFuture<?> timer;
        private boolean answered;

        Takeover(C2sSession session, C2sConnection stream, StreamTransport transport, String previd) {
            this.session = session;
            this.stream = stream;
            this.transport = transport;
            this.previd = previd;
        }

        void start(long h) {
            StreamManagement sm = session.sm();
            C2sState state = session.state();
            boolean alive = state == C2sState.ESTABLISHED || state == C2sState.DETACHED
                    || state == C2sState.RESUMPTION_PENDING;
            if (!alive || sm == null || !previd.equals(sm.resumeId())) {
                answer(SmElements.failed(StanzaErrorCondition.ITEM_NOT_FOUND)); // ended meanwhile
            } else if (!sm.resuming(h)) {
                answer(SmElements.handledCountTooHigh(h, sm.sent())); // §4: more acknowledged than sent
            } else {
                session.takenOver(transport);
                sm.whenHandled(this::handled);
                if (!answered) {
                    timer = session.executor().schedule(this::timedOut, HANDLED_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            }
        }

        /** Still the stream that takes the session over: not ended, not taken over by a newer one. */
        private boolean current() {
            return session.state() == C2sState.RESUMPTION_PENDING && session.carries(transport);
        }

        /** Every stanza of the old stream is handled: {@code h} is exact. */
        private void handled() {
            if (answered) {
                return;
            }
            if (!current()) {
                answer(SmElements.failed(StanzaErrorCondition.ITEM_NOT_FOUND));
                return;
            }
            StreamManagement sm = session.sm();
            List<XmlElement> again = sm.unacknowledged();
            session.resumed();
            transport.send(SmElements.resumed(previd, sm.handled()));
            for (XmlElement stanza : again) {
                transport.send(stanza);
            }
            if (!again.isEmpty()) {
                sm.request();
            }
            LOG.debug("{} resumed; {} stanzas sent again", session.describe(), again.size());
            answer(null);
        }

        private void timedOut() {
            timer = null;
            if (answered) {
                return;
            }
            if (!current()) {
                answer(SmElements.failed(StanzaErrorCondition.ITEM_NOT_FOUND));
                return;
            }
            LOG.warn("{}: client stanzas still being routed after {} s; resumption failed, the session ends",
                    session.describe(), HANDLED_WAIT_SECONDS);
            answer(SmElements.failed(StanzaErrorCondition.INTERNAL_SERVER_ERROR)); // first: ending runs handled()
            session.resumptionAbandoned();
        }

        /** Null: the session took the stream over; otherwise the refusal the new stream sends. */
        private void answer(XmlElement refusal) {
            answered = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            stream.session().executor().execute(() -> stream.answered(refusal));
        }
    }
}
