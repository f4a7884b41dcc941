package io.starling.core.sasl;

/**
 * A SCRAM message the server must refuse. {@code text} is the RFC 5802 §7 {@code server-error-value} where one
 * fits. Expected protocol error, so stackless.
 */
final class ScramException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SaslFailure condition;

    ScramException(SaslFailure condition, String text) {
        super(text, null, false, false);
        this.condition = condition;
    }

    static ScramException malformed(String text) {
        return new ScramException(SaslFailure.MALFORMED_REQUEST, text);
    }

    SaslStep.Failure toFailure() {
        return new SaslStep.Failure(condition, getMessage());
    }
}
