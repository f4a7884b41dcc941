package io.starling.loadtest.client;

import java.io.IOException;

/** The BOSH connection manager ended the session ({@code type='terminate'}, XEP-0124 §17) with a condition. */
public final class BoshTerminatedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String condition;

    BoshTerminatedException(String condition) {
        super("BOSH session terminated by the server" + (condition == null ? "" : ": " + condition));
        this.condition = condition;
    }

    /** The 'condition' attribute (e.g. {@code item-not-found}, {@code policy-violation}), or null. */
    public String condition() {
        return condition;
    }
}
