package io.starling.gateway.notify;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.spi.HttpEndpoint.Response;
import io.starling.gateway.api.JsonResponses;

/**
 * Handles one request of the notification API under its idempotency key, so that a retry never sends twice and a
 * refused request sends nothing:
 * <ol>
 *   <li>claim the key ({@link IdempotencyRepository#claim}). If the claim fails, answer 503 and leave the key
 *       alone: the row may be another request's claim, or this one's, committed before the failure;</li>
 *   <li>key taken: the recorded answer again ({@code Idempotent-Replayed: true}), or 409 for another request under
 *       the key, or for one still being handled;</li>
 *   <li>{@link Work#check}: the checks that need I/O. If it refuses or fails, nothing was sent: the key is released
 *       and a retry is handled afresh;</li>
 *   <li>{@link Work#send}: from here on the key is never released, whatever happens. The answer is recorded, with
 *       up to {@value #RECORD_ATTEMPTS} attempts; if it still cannot be, the key stays claimed (a retry gets 409
 *       in progress until the row expires) and the caller gets the answer anyway, since the messages went out.</li>
 * </ol>
 */
final class IdempotentSender {
    static final int RECORD_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentSender.class);
    private static final String JSON = "application/json";

    /** What one request does once it holds its key. */
    interface Work {
        /** Checks needing I/O, before anything is sent: a refusal to answer with, or null to go on and send. */
        CompletionStage<Response> check();

        /** Sends; completes with the answer's JSON body once the server took responsibility. */
        CompletionStage<byte[]> send();
    }

    /** One request: who sent it, under which key, what it was, and the status of a successful answer. */
    record Attempt(String apiKey, String idempotencyKey, String fingerprint, int status) {
    }

    private final IdempotencyRepository repository;

    IdempotentSender(IdempotencyRepository repository) {
        this.repository = repository;
    }

    CompletionStage<Response> handle(Attempt attempt, Work work) {
        return call(() -> repository.claim(attempt.apiKey(), attempt.idempotencyKey(), attempt.fingerprint()))
                .handle((claim, failure) -> {
                    if (failure != null) {
                        return done(unavailable(attempt, failure));
                    }
                    return claim instanceof IdempotencyRepository.Seen seen ? done(replay(seen, attempt))
                            : checkThenSend(attempt, work);
                }).thenCompose(Function.identity());
    }

    private CompletionStage<Response> checkThenSend(Attempt attempt, Work work) {
        return call(work::check).handle((refusal, failure) -> {
            if (failure != null) {
                Response answer = unavailable(attempt, failure);
                return release(attempt).thenApply(v -> answer);
            }
            if (refusal != null) {
                return release(attempt).thenApply(v -> refusal);
            }
            return send(attempt, work);
        }).thenCompose(Function.identity());
    }

    /** Past the point of no return: nothing below releases the key. */
    private CompletionStage<Response> send(Attempt attempt, Work work) {
        return call(work::send).handle((body, failure) -> {
            if (failure != null) {
                // Work promises not to fail once sending; should it, some messages may be out: keep the key.
                LOG.error("notification API: sending failed under key {}", attempt.apiKey(), cause(failure));
                return done(JsonResponses.problem(500, "internal-error",
                        "the request failed while sending; do not retry it with another idempotency key",
                        attempt.idempotencyKey()));
            }
            return record(attempt, new String(body, StandardCharsets.UTF_8))
                    .thenApply(v -> new Response(attempt.status(), Map.of("content-type", JSON), body));
        }).thenCompose(Function.identity());
    }

    /** Records the answer; completes normally even if every attempt failed (the key then stays claimed). */
    private CompletionStage<Void> record(Attempt attempt, String response) {
        return retried(() -> repository.complete(attempt.apiKey(), attempt.idempotencyKey(), response),
                failure -> LOG.warn("notification API: the answer under key {} was sent but not recorded ({}); "
                        + "retries get 409 until the key expires", attempt.apiKey(), failure.toString()), 1);
    }

    /** Frees the key of a request that sent nothing; completes normally even if every attempt failed. */
    private CompletionStage<Void> release(Attempt attempt) {
        return retried(() -> repository.release(attempt.apiKey(), attempt.idempotencyKey()),
                failure -> LOG.warn("notification API: could not free a key of {} ({}); retries get 409 until it "
                        + "expires", attempt.apiKey(), failure.toString()), 1);
    }

    /**
     * Runs {@code write} until it succeeds, {@value #RECORD_ATTEMPTS} tries at most; completes normally either way,
     * telling {@code gaveUp} the last failure when none succeeded.
     */
    private static CompletionStage<Void> retried(Supplier<CompletionStage<Void>> write, Consumer<Throwable> gaveUp,
                                                 int tries) {
        return call(write).handle((v, failure) -> {
            if (failure == null) {
                return done((Void) null);
            }
            if (tries < RECORD_ATTEMPTS) {
                return retried(write, gaveUp, tries + 1);
            }
            gaveUp.accept(cause(failure));
            return done((Void) null);
        }).thenCompose(Function.identity());
    }

    private static Response replay(IdempotencyRepository.Seen seen, Attempt attempt) {
        if (!seen.fingerprint().equals(attempt.fingerprint())) {
            return JsonResponses.problem(409, "idempotency-conflict",
                    "this idempotency key was used for a different request", attempt.idempotencyKey());
        }
        if (seen.response() == null) {
            return JsonResponses.problem(409, "idempotency-in-progress",
                    "a request with this idempotency key is still being handled; retry later",
                    attempt.idempotencyKey(), Map.of("retry-after", "1"));
        }
        return new Response(attempt.status(), Map.of("content-type", JSON, "idempotent-replayed", "true"),
                seen.response().getBytes(StandardCharsets.UTF_8));
    }

    private static Response unavailable(Attempt attempt, Throwable failure) {
        LOG.warn("notification API: request under key {} failed: {}", attempt.apiKey(), cause(failure).toString());
        LOG.debug("notification API failure", cause(failure));
        return JsonResponses.problem(503, "unavailable", "the request could not be handled; retry later", null,
                Map.of("retry-after", "1"));
    }

    /** The stage, or a failed one if the call throws instead of failing its stage. */
    private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
