package io.starling.gateway.bosh;

import java.util.ArrayList;
import java.util.List;

import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

/**
 * What a BOSH session's stream sent that no response carried yet: all of it goes into the next response (XEP-0124
 * §8). Bounded: a client that lets more than {@link #MAX} elements pile up is not reading. When the session ends,
 * the messages no response carried go back to the stream ({@link #takeMessages}), which routes them again. Also the
 * terminal condition that a {@code <stream:error/>} in it calls for (XEP-0206, "Error Conditions"; XEP-0124 §17.2).
 * The list exists only while there is output, not in an idle session. Confined to the session's event loop.
 */
final class OutputQueue {
    /** Elements queued while no request is held; beyond, the client is not reading and the session ends. */
    static final int MAX = 4096;

    /** Null when there is no output. */
    private List<XmlElement> elements;

    /**
     * Queues the element, even past the bound, so that nothing sent is unaccounted for (see {@link #takeMessages}).
     *
     * @return false when more than {@link #MAX} elements wait now: the session must end
     */
    boolean add(XmlElement element) {
        if (elements == null) {
            elements = new ArrayList<>(4);
        }
        elements.add(element);
        return elements.size() <= MAX;
    }

    boolean isEmpty() {
        return elements == null;
    }

    /** Removes and returns the output, in the order sent; an empty list when none. */
    List<XmlElement> take() {
        List<XmlElement> out = elements;
        elements = null;
        return out == null ? List.of() : out;
    }

    /** Drops the output: no response will carry it. */
    void clear() {
        elements = null;
    }

    /**
     * Removes and returns the message stanzas, in the order sent, leaving the rest (a stream error, stream
     * management elements) for the last response: no response will carry these to the client, and the stream routes
     * them again rather than lose them.
     */
    List<XmlElement> takeMessages() {
        if (elements == null) {
            return List.of();
        }
        List<XmlElement> messages = new ArrayList<>();
        List<XmlElement> rest = new ArrayList<>();
        for (XmlElement e : elements) {
            (isMessage(e) ? messages : rest).add(e);
        }
        elements = rest.isEmpty() ? null : rest;
        return messages;
    }

    private static boolean isMessage(XmlElement e) {
        return "message".equals(e.name()) && Namespaces.isStanzaNamespace(e.namespace());
    }

    /** XEP-0206: a stream error ends the session with remote-stream-error, the error in the body; else none. */
    BoshCondition closingCondition() {
        return streamError() != null ? BoshCondition.REMOTE_STREAM_ERROR : null;
    }

    /**
     * At creation a bad 'to' has its own terminal conditions (XEP-0124 §17.2), which replace the stream error: the
     * output is dropped then. Other stream errors end the creation as {@link #closingCondition()} says.
     */
    BoshCondition creationCondition() {
        XmlElement error = streamError();
        if (error == null) {
            return null;
        }
        if (error.element(Namespaces.STREAM_ERRORS, "host-unknown") != null) {
            elements = null;
            return BoshCondition.HOST_UNKNOWN;
        }
        if (error.element(Namespaces.STREAM_ERRORS, "improper-addressing") != null) {
            elements = null;
            return BoshCondition.IMPROPER_ADDRESSING;
        }
        return BoshCondition.REMOTE_STREAM_ERROR;
    }

    private XmlElement streamError() {
        if (elements != null) {
            for (XmlElement e : elements) {
                if (e.is(Namespaces.STREAMS, "error")) {
                    return e;
                }
            }
        }
        return null;
    }
}
