package io.starling.core.c2s;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.xml.XmlElement;

/** The XEP-0198 elements ({@code urn:xmpp:sm:3}) on the wire: builders for the server's, parsing of counts. */
final class SmElements {
    static final String NS = "urn:xmpp:sm:3";
    /** XEP-0198 §4: counts are unsigned 32-bit and wrap to zero. */
    static final long COUNT_MASK = 0xFFFF_FFFFL;

    private static final XmlElement FEATURE = XmlElement.builder(NS, "sm").build();
    private static final XmlElement REQUEST = XmlElement.builder(NS, "r").build();

    private SmElements() {
    }

    static boolean is(XmlElement element) {
        return NS.equals(element.namespace());
    }

    /** §2: the stream feature, offered after authentication. */
    static XmlElement feature() {
        return FEATURE;
    }

    /** §4: {@code <r/>}, asking the other side for its count. */
    static XmlElement request() {
        return REQUEST;
    }

    /** §4: {@code <a h='…'/>}, the count of stanzas handled. */
    static XmlElement ack(long handled) {
        return XmlElement.builder(NS, "a").attribute("h", Long.toString(handled & COUNT_MASK)).build();
    }

    /** §3: {@code <enabled/>}; with an id when resumable, and the resumption time in seconds. */
    static XmlElement enabled(String resumeId, long maxSeconds) {
        XmlElement.Builder b = XmlElement.builder(NS, "enabled");
        if (resumeId != null) {
            b.attribute("id", resumeId).attribute("resume", "true").attribute("max", Long.toString(maxSeconds));
        }
        return b.build();
    }

    /** §5: {@code <resumed previd='…' h='…'/>}. */
    static XmlElement resumed(String previd, long handled) {
        return XmlElement.builder(NS, "resumed").attribute("previd", previd)
                .attribute("h", Long.toString(handled & COUNT_MASK)).build();
    }

    /** §3, §5: {@code <failed/>} carrying a stanza error condition. */
    static XmlElement failed(StanzaErrorCondition condition) {
        return XmlElement.builder(NS, "failed").child(Namespaces.STANZA_ERRORS, condition.wireName()).build();
    }

    /**
     * §4: an acknowledgement of more stanzas than were sent is an {@code undefined-condition} stream error with
     * {@code <handled-count-too-high h='…' send-count='…'/>}.
     */
    static XmlElement handledCountTooHigh(long h, long sendCount) {
        return XmlElement.builder(Namespaces.STREAMS, "error")
                .child(Namespaces.STREAM_ERRORS, StreamErrorCondition.UNDEFINED_CONDITION.wireName())
                .child(XmlElement.builder(NS, "handled-count-too-high")
                        .attribute("h", Long.toString(h & COUNT_MASK))
                        .attribute("send-count", Long.toString(sendCount & COUNT_MASK)).build())
                .build();
    }

    /** An {@code h} attribute: 0..2^32-1, or -1 if absent or not such a number. */
    static long count(XmlElement element) {
        String h = element.attribute("h");
        if (h == null || h.isEmpty() || h.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > COUNT_MASK ? -1 : value;
    }

    /** §3: {@code resume='true'} or {@code '1'} (xs:boolean). */
    static boolean wantsResume(XmlElement enable) {
        String r = enable.attribute("resume");
        return "true".equals(r) || "1".equals(r);
    }

    /** §3: the client's preferred resumption time in seconds, or -1 if absent or invalid. */
    static long clientMax(XmlElement enable) {
        String max = enable.attribute("max");
        if (max == null) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(max.strip());
            return seconds > 0 ? seconds : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
