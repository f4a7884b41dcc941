package io.starling.core.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.starling.core.user.CredentialSource;
import io.starling.core.user.InvalidPasswordException;
import io.starling.core.user.ScramCredentials;
import io.starling.core.user.ScramHash;

/** A {@link CredentialSource} over a map, answering synchronously; can be switched to fail like a dead store. */
public final class InMemoryCredentialSource implements CredentialSource {
    private final Map<String, ScramCredentials> credentials = new ConcurrentHashMap<>();
    private volatile boolean failing;

    /** Adds an account with the password's SHA-1 and SHA-256 credentials (salt and 4096 iterations as given). */
    public InMemoryCredentialSource add(String username, String password, byte[] salt, int iterations) {
        for (ScramHash h : ScramHash.values()) {
            put(username, ScramCredentials.compute(h, password, salt, iterations));
        }
        return this;
    }

    public InMemoryCredentialSource add(String username, String password) {
        return add(username, password, "0123456789abcdef".getBytes(), 4096);
    }

    public InMemoryCredentialSource put(String username, ScramCredentials c) {
        credentials.put(username + "/" + c.hash(), c);
        return this;
    }

    /** While failing, every lookup completes exceptionally. */
    public void failing(boolean value) {
        failing = value;
    }

    @Override
    public CompletionStage<Optional<ScramCredentials>> scramCredentials(String username, ScramHash hash) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("store down"));
        }
        return CompletableFuture.completedFuture(Optional.ofNullable(credentials.get(username + "/" + hash)));
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        return scramCredentials(username, ScramHash.SHA_256).thenApply(Optional::isPresent);
    }

    @Override
    public CompletionStage<Boolean> verifyPassword(String username, String password) {
        return scramCredentials(username, ScramHash.SHA_256).thenApply(c -> {
            try {
                return c.isPresent() && c.get().matches(password);
            } catch (InvalidPasswordException e) {
                return false;
            }
        });
    }
}
