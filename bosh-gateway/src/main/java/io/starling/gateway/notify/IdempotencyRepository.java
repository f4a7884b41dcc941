package io.starling.gateway.notify;

import java.util.concurrent.CompletionStage;

/**
 * Where the notification API remembers requests by idempotency key, for 24 hours. Asynchronous: implementations
 * run their I/O off the caller's thread (an event loop).
 */
public interface IdempotencyRepository {
    /** What {@link #claim} found. */
    sealed interface Claim permits Claimed, Seen {
    }

    /** The key was free and is now held by this request: send, then {@link #complete} or {@link #release}. */
    record Claimed() implements Claim {
    }

    /**
     * The key is taken: by a request with {@code fingerprint}, answered with {@code response} (null while that
     * request is still being handled).
     */
    record Seen(String fingerprint, String response) implements Claim {
    }

    CompletionStage<Claim> claim(String apiKey, String idempotencyKey, String fingerprint);

    /** Records the answer of a claimed request. */
    CompletionStage<Void> complete(String apiKey, String idempotencyKey, String response);

    /**
     * Frees a claimed key whose request was refused or failed before anything was sent, so that a retry is handled
     * afresh; never called once anything was sent. Deletes only an unanswered row.
     */
    CompletionStage<Void> release(String apiKey, String idempotencyKey);
}
