package io.starling.core.xml;

/**
 * Bounds applied by {@link XmlStreamParser} to everything a peer sends (RFC 6120 §13.12, "denial of service").
 * Exceeding any of them is a {@code policy-violation} stream error.
 *
 * @param maxStanzaBytes the most bytes one top-level element may span, from its {@code <} to its closing
 *                       {@code >}; the same bound applies to the stream header (XML declaration and root start
 *                       tag) and to any run of bytes between stanzas that the parser must hold (an unfinished
 *                       token). Whitespace between stanzas is discarded as it arrives and so never adds up.
 *                       Default {@value #DEFAULT_MAX_STANZA_BYTES}. The check runs after each fed buffer too, so the
 *                       parser may hold at most this plus one inbound buffer before it fails.
 * @param maxDepth       the deepest element nesting inside a top-level element, which itself is depth 1 (the stream
 *                       root is not counted). Default {@value #DEFAULT_MAX_DEPTH}.
 * @param maxAttributes  the most attributes, namespace declarations included, on any one element.
 *                       Default {@value #DEFAULT_MAX_ATTRIBUTES}.
 * @param hibernate      whether the parser drops its Aalto reader whenever the stream rests between stanzas, trading
 *                       a little CPU on the next stanza (a fresh reader, a re-fed synthetic stream header) for a few
 *                       kilobytes per idle connection. Default {@code true}.
 */
public record XmlLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, boolean hibernate) {
    public static final int DEFAULT_MAX_STANZA_BYTES = 262_144;
    public static final int DEFAULT_MAX_DEPTH = 32;
    public static final int DEFAULT_MAX_ATTRIBUTES = 64;

    private static final XmlLimits DEFAULTS =
            new XmlLimits(DEFAULT_MAX_STANZA_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ATTRIBUTES, true);

    public XmlLimits {
        if (maxStanzaBytes < 1024) {
            throw new IllegalArgumentException("maxStanzaBytes must be at least 1024: " + maxStanzaBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
        }
        if (maxAttributes < 1) {
            throw new IllegalArgumentException("maxAttributes must be positive: " + maxAttributes);
        }
    }

    /** All defaults. */
    public static XmlLimits defaults() {
        return DEFAULTS;
    }

    public XmlLimits withMaxStanzaBytes(int value) {
        return new XmlLimits(value, maxDepth, maxAttributes, hibernate);
    }

    public XmlLimits withMaxDepth(int value) {
        return new XmlLimits(maxStanzaBytes, value, maxAttributes, hibernate);
    }

    public XmlLimits withMaxAttributes(int value) {
        return new XmlLimits(maxStanzaBytes, maxDepth, value, hibernate);
    }

    public XmlLimits withHibernate(boolean value) {
        return new XmlLimits(maxStanzaBytes, maxDepth, maxAttributes, value);
    }
}
