package io.starling.gateway.bosh;

/** A request the connection manager refuses with a terminal binding condition. Stackless: a peer's mistake. */
final class BoshRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient BoshCondition condition;

    BoshRequestException(BoshCondition condition, String message) {
        super(message, null, false, false);
        this.condition = condition;
    }

    BoshCondition condition() {
        return condition;
    }
}
