package io.starling.core.user;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.starling.core.concurrent.BoundedExecutor;
import io.starling.core.config.AuthConfig;

/**
 * Async façade over {@link UserRepository} for the server and the CLI: JDBC runs on the {@code starling-jdbc}
 * executor it is given, PBKDF2 on its own bounded {@code starling-auth} executor ({@link AuthConfig#hashThreads()}
 * threads, {@link AuthConfig#hashQueue()} queued). Every method returns at once; overload, invalid input and
 * store failures come back as failed futures, never as a synchronous throw.
 *
 * <p>No cache: {@code exists} and credential lookups are primary-key reads, and a cache would go stale when
 * another node or the CLI changes an account.
 */
public final class UserService implements CredentialSource, AutoCloseable {
    private static final int SALT_BYTES = 16;
    private static final List<ScramHash> HASHES = List.of(ScramHash.SHA_256, ScramHash.SHA_1);

    private final UserRepository repository;
    private final BoundedExecutor jdbcExecutor;
    private final BoundedExecutor authExecutor;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public UserService(UserRepository repository, BoundedExecutor jdbcExecutor, AuthConfig auth) {
        this.repository = repository;
        this.jdbcExecutor = jdbcExecutor;
        this.authExecutor = new BoundedExecutor("starling-auth", auth.hashThreads(), auth.hashQueue());
        this.iterations = auth.scramIterations();
    }

    /** Fails with {@link UserExistsException}, {@link InvalidUsernameException} or {@link InvalidPasswordException}. */
    public CompletableFuture<Void> create(String username, String password) {
        return normalised(username)
                .thenCompose(name -> authExecutor.supply(() -> credentialsOf(password))
                        .thenCompose(creds -> jdbcExecutor.supply(() -> {
                            repository.create(name, creds);
                            return null;
                        })));
    }

    /**
     * Bulk creation (the CLI's {@code user import}): hashes every password in parallel on the
     * {@code starling-auth} executor, then inserts the batch in one transaction. Pass at most
     * {@link AuthConfig#hashQueue()} accounts per call, or the excess fails with an overload.
     *
     * @param accounts     username → password, in the order to insert
     * @param skipExisting see {@link UserRepository#createAll}
     * @return how many accounts were created; fails with {@link UserExistsException} (nothing of the batch
     *         created), {@link InvalidUsernameException} or {@link InvalidPasswordException}
     */
    public CompletableFuture<Integer> createAll(Map<String, String> accounts, boolean skipExisting) {
        Map<String, String> byName = new LinkedHashMap<>();
        try {
            accounts.forEach((name, password) -> byName.put(Username.normalise(name), password));
        } catch (InvalidUsernameException e) {
            return CompletableFuture.failedFuture(e);
        }
        // With skipExisting, leave out taken names before hashing: re-running an import costs one query per batch.
        CompletableFuture<Set<String>> taken = skipExisting
                ? jdbcExecutor.supply(() -> repository.existing(byName.keySet()))
                : CompletableFuture.completedFuture(Set.of());
        return taken.thenCompose(skip -> {
            Map<String, CompletableFuture<List<ScramCredentials>>> hashing = new LinkedHashMap<>();
            byName.forEach((name, password) -> {
                if (!skip.contains(name)) {
                    hashing.put(name, authExecutor.supply(() -> credentialsOf(password)));
                }
            });
            return CompletableFuture.allOf(hashing.values().toArray(CompletableFuture[]::new))
                    .thenCompose(all -> {
                        Map<String, List<ScramCredentials>> hashed = new LinkedHashMap<>();
                        hashing.forEach((name, creds) -> hashed.put(name, creds.join()));
                        return jdbcExecutor.supply(() -> repository.createAll(hashed, skipExisting));
                    });
        });
    }

    /** False if there is no such account. */
    public CompletableFuture<Boolean> changePassword(String username, String password) {
        return normalised(username)
                .thenCompose(name -> authExecutor.supply(() -> credentialsOf(password))
                        .thenCompose(creds -> jdbcExecutor.supply(() -> repository.changePassword(name, creds))));
    }

    /** False if there was no such account. */
    public CompletableFuture<Boolean> delete(String username) {
        return normalised(username).thenCompose(name -> jdbcExecutor.supply(() -> repository.delete(name)));
    }

    /** False for an unknown account; fails with {@link InvalidUsernameException} for an impossible name. */
    @Override
    public CompletableFuture<Boolean> exists(String username) {
        return normalised(username).thenCompose(name -> jdbcExecutor.supply(() -> repository.exists(name)));
    }

    /**
     * Which of the given usernames are accounts, in one query; names that cannot be usernames are simply not
     * accounts. The result holds the names as given.
     */
    public CompletableFuture<Set<String>> existing(Collection<String> usernames) {
        Map<String, String> byNormalised = new LinkedHashMap<>();
        for (String name : usernames) {
            try {
                byNormalised.put(Username.normalise(name), name);
            } catch (InvalidUsernameException e) {
                // not an account
            }
        }
        if (byNormalised.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        return jdbcExecutor.supply(() -> repository.existing(byNormalised.keySet())).thenApply(taken -> {
            Set<String> found = new HashSet<>();
            taken.forEach(name -> found.add(byNormalised.get(name)));
            return Set.copyOf(found);
        });
    }

    public CompletableFuture<List<String>> list(int limit, int offset) {
        return jdbcExecutor.supply(() -> repository.list(limit, offset));
    }

    public CompletableFuture<Long> count() {
        return jdbcExecutor.supply(repository::count);
    }

    @Override
    public CompletableFuture<Optional<ScramCredentials>> scramCredentials(String username, ScramHash hash) {
        String name;
        try {
            name = Username.normalise(username);
        } catch (InvalidUsernameException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return jdbcExecutor.supply(() -> repository.credentials(name, hash));
    }

    @Override
    public CompletableFuture<Boolean> verifyPassword(String username, String password) {
        return scramCredentials(username, ScramHash.SHA_256).thenCompose(creds -> authExecutor.supply(() -> {
            try {
                if (creds.isPresent()) {
                    return creds.get().matches(password);
                }
                // Unknown account: spend the same time, so timing does not reveal which accounts exist.
                ScramCredentials.compute(ScramHash.SHA_256, password, new byte[SALT_BYTES], iterations);
                return false;
            } catch (InvalidPasswordException e) {
                return false;
            }
        }));
    }

    /** Freshly salted credentials for every stored hash; CPU-heavy. */
    private List<ScramCredentials> credentialsOf(String password) {
        return HASHES.stream().map(h -> ScramCredentials.compute(h, password, newSalt(), iterations)).toList();
    }

    private byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    private static CompletableFuture<String> normalised(String username) {
        try {
            return CompletableFuture.completedFuture(Username.normalise(username));
        } catch (InvalidUsernameException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Stops the {@code starling-auth} executor (the JDBC one belongs to {@link io.starling.core.store.Database}). */
    @Override
    public void close() {
        authExecutor.shutdownGracefully(Duration.ofSeconds(5));
    }
}
