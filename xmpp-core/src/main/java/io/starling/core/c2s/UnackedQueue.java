package io.starling.core.c2s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.starling.core.xml.XmlElement;

/**
 * The outbound side of XEP-0198 §4: stanzas written to the client since its last acknowledgement, oldest first,
 * and the count of those it acknowledged. Counts are kept as longs; the wire's 32-bit {@code h} is compared modulo
 * 2^32. Confined to the session's executor.
 */
final class UnackedQueue {
    /** Above this many, an emptied queue is replaced so that a burst does not pin a large array. */
    private static final int SHRINK_ABOVE = 64;

    private ArrayDeque<XmlElement> queue = new ArrayDeque<>();
    private long acked;
    private int peak;

    UnackedQueue() {
        this(0);
    }

    /** Starts as if {@code acked} stanzas had been sent and acknowledged (tests reach the 32-bit wrap this way). */
    UnackedQueue(long acked) {
        this.acked = acked;
    }

    void add(XmlElement stanza) {
        queue.add(stanza);
        if (queue.size() > peak) {
            peak = queue.size();
        }
    }

    int size() {
        return queue.size();
    }

    /** Stanzas sent since stream management was enabled (acknowledged or not). */
    long sent() {
        return acked + queue.size();
    }

    long acked() {
        return acked;
    }

    /**
     * Drops the stanzas the client's {@code h} acknowledges.
     *
     * @param h the client's count, 0..2^32-1
     * @return false (and nothing dropped) if {@code h} acknowledges more than was sent
     */
    boolean ack(long h) {
        long newly = (h - acked) & SmElements.COUNT_MASK;
        if (newly > queue.size()) {
            return false;
        }
        for (long i = 0; i < newly; i++) {
            queue.poll();
        }
        acked += newly;
        if (queue.isEmpty() && peak > SHRINK_ABOVE) {
            queue = new ArrayDeque<>();
            peak = 0;
        }
        return true;
    }

    /** The unacknowledged stanzas, oldest first, still kept. */
    List<XmlElement> pending() {
        return new ArrayList<>(queue);
    }

    /** Removes and returns the unacknowledged stanzas, oldest first. */
    List<XmlElement> drain() {
        List<XmlElement> all = new ArrayList<>(queue);
        queue = new ArrayDeque<>();
        peak = 0;
        return all;
    }
}
