package io.starling.gateway.notify;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link IdempotencyRepository} in a map, with the PostgreSQL one's semantics (claim inserts if absent, release
 * deletes only an unanswered row) and switches that make its calls fail, as a lost database connection would.
 */
final class InMemoryIdempotencyRepository implements IdempotencyRepository {
    private record Row(String fingerprint, String response) {
    }

    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    /** How many of the next calls fail. */
    int claimFailures;
    int completeFailures;
    int releaseFailures;
    /** How many calls were made. */
    int completeCalls;
    int releaseCalls;

    @Override
    public CompletionStage<Claim> claim(String apiKey, String idempotencyKey, String fingerprint) {
        if (claimFailures > 0) {
            claimFailures--;
            return CompletableFuture.failedFuture(new IllegalStateException("connection lost"));
        }
        Row before = rows.putIfAbsent(apiKey + '\0' + idempotencyKey, new Row(fingerprint, null));
        return CompletableFuture.completedFuture(before == null ? new Claimed()
                : new Seen(before.fingerprint(), before.response()));
    }

    @Override
    public CompletionStage<Void> complete(String apiKey, String idempotencyKey, String response) {
        completeCalls++;
        if (completeFailures > 0) {
            completeFailures--;
            throw new IllegalStateException("connection lost"); // thrown, not a failed stage: handled alike
        }
        rows.computeIfPresent(apiKey + '\0' + idempotencyKey, (k, row) -> new Row(row.fingerprint(), response));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> release(String apiKey, String idempotencyKey) {
        releaseCalls++;
        if (releaseFailures > 0) {
            releaseFailures--;
            return CompletableFuture.failedFuture(new IllegalStateException("connection lost"));
        }
        rows.computeIfPresent(apiKey + '\0' + idempotencyKey, (k, row) -> row.response() == null ? null : row);
        return CompletableFuture.completedFuture(null);
    }

    /** A row claimed by some other request, still in progress. */
    void claimedElsewhere(String apiKey, String idempotencyKey) {
        rows.put(apiKey + '\0' + idempotencyKey, new Row("another request", null));
    }

    boolean holds(String apiKey, String idempotencyKey) {
        return rows.containsKey(apiKey + '\0' + idempotencyKey);
    }
}
