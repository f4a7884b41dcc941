package io.starling.core.c2s;

import java.util.List;

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
 * acknowledges, takes the new transport over, answers {@code <resumed/>} and writes again what the client lacks;
 * then the new stream forwards everything to it. If the old session ended meanwhile, or {@code h} is impossible,
 * the new stream answers instead and handles its events itself (the client may bind).
 */
final class StreamResumption {
    private static final Logger LOG = LoggerFactory.getLogger(StreamResumption.class);

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
        StreamTransport transport = stream.stream();
        stream.connection().relayTo(target);
        target.executor().execute(() -> takeOver(target, stream.connection(), transport, previd, h));
    }

    /** On the old session's executor. */
    private static void takeOver(C2sSession session, C2sConnection stream, StreamTransport transport, String previd,
                                 long h) {
        StreamManagement sm = session.sm();
        C2sState state = session.state();
        boolean alive = state == C2sState.ESTABLISHED || state == C2sState.DETACHED;
        XmlElement refusal = null;
        if (!alive || sm == null || !previd.equals(sm.resumeId())) {
            refusal = SmElements.failed(StanzaErrorCondition.ITEM_NOT_FOUND); // ended meanwhile
        } else {
            List<XmlElement> again = sm.resume(h);
            if (again == null) {
                refusal = SmElements.handledCountTooHigh(h, sm.sent()); // §4: more acknowledged than sent
            } else {
                session.attach(transport);
                transport.send(SmElements.resumed(previd, sm.handled()));
                for (XmlElement stanza : again) {
                    transport.send(stanza);
                }
                if (!again.isEmpty()) {
                    sm.request();
                }
                LOG.debug("{} resumed; {} stanzas sent again", session.describe(), again.size());
            }
        }
        XmlElement answer = refusal;
        stream.session().executor().execute(() -> stream.answered(answer));
    }
}
