package io.starling.core.stanza;

/** A stanza-level failure: the sender gets an error reply with this condition. Stackless. */
public final class StanzaErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StanzaErrorCondition condition;

    public StanzaErrorException(StanzaErrorCondition condition, String text) {
        super(text, null, false, false);
        this.condition = condition;
    }

    public StanzaErrorCondition condition() {
        return condition;
    }
}
