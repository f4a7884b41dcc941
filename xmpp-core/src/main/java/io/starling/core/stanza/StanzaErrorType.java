package io.starling.core.stanza;

import java.util.Locale;

/** RFC 6120 §8.3.2 error types. */
public enum StanzaErrorType {
    AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
