package io.starling.core.stanza;

/** A stream-level failure: the stream gets {@code <stream:error/>} with this condition and is closed. Stackless. */
public final class StreamErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;

    public StreamErrorException(StreamErrorCondition condition, String text) {
        super(text, null, false, false);
        this.condition = condition;
    }

    public StreamErrorCondition condition() {
        return condition;
    }
}
