package io.starling.core.xml;

import java.nio.ByteBuffer;

import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;

/**
 * Looks at the bytes before the root element for {@code <!}, which there can only start a DOCTYPE or a comment, both
 * restricted by RFC 6120 §11.1. Aalto fails on a DOCTYPE with an internal subset with a generic syntax error, so
 * this check has to come first to answer {@code restricted-xml} rather than {@code not-well-formed}. It stops at
 * the root's {@code <}; later markup reaches the parser as events.
 */
final class PrologScanner {
    private boolean done;
    private boolean sawLt;

    /** Scans {@code input} without moving it; throws {@code restricted-xml} on {@code <!}. */
    void scan(ByteBuffer input) {
        if (done) {
            return;
        }
        int end = input.limit();
        for (int i = input.position(); i < end; i++) {
            byte b = input.get(i);
            if (sawLt) {
                sawLt = false;
                if (b == '!') {
                    throw new StreamErrorException(StreamErrorCondition.RESTRICTED_XML,
                            "DTD or comment before the stream header (RFC 6120 §11.1)");
                }
                if (b != '?') { // neither the XML declaration nor a PI: the root element starts
                    done = true;
                    return;
                }
            } else if (b == '<') {
                sawLt = true;
            }
        }
    }

    void reset() {
        done = false;
        sawLt = false;
    }
}
