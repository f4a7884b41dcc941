package io.starling.core.sasl;

import java.util.concurrent.CompletionStage;

/**
 * One authentication attempt with one mechanism: a state machine fed the client's messages in order. An instance
 * serves one attempt; it is not thread-safe, but may be driven from any thread as long as the caller waits for each
 * stage before the next call (the stage's completion publishes the state).
 */
public interface SaslMechanism {

    /** The IANA mechanism name, e.g. {@code SCRAM-SHA-256}. */
    String name();

    /**
     * Evaluates the next client message.
     *
     * @param clientResponse the decoded message: on the first call the initial response of {@code <auth/>} —
     *                       {@code null} if the client sent none, an empty array if it sent {@code =} (RFC 6120
     *                       §6.4.2) — then each {@code <response/>}
     * @return the next step; stages may complete on a store thread. Never completes exceptionally: failures are
     *         {@link SaslStep.Failure}s
     */
    CompletionStage<SaslStep> evaluate(byte[] clientResponse);
}
