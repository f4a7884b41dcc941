package io.starling.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import io.starling.core.user.UserService;

/**
 * Bulk account creation for {@code starling user import}: reads {@code name password} lines, hands them to
 * {@link UserService#createAll} in batches (hashing in parallel on its bounded {@code starling-auth} pool, one
 * transaction per batch) and counts what was created and skipped.
 *
 * <p>Line format: the username, one or more spaces or tabs, then the password (the rest of the line, so it may
 * hold inner spaces but not leading or trailing ones). Blank lines and lines starting with {@code #} are
 * ignored. A username given twice in the input is an error, reported with its line number, before anything of
 * that batch is written.
 */
public final class UserImport {
    private static final Pattern SEPARATOR = Pattern.compile("[ \t]+");

    private final UserService users;
    private final int batchSize;
    private final boolean skipExisting;

    /**
     * @param batchSize    accounts per transaction; at most the service's hash queue
     * @param skipExisting leave taken usernames alone instead of failing (the batch holding one is rolled back)
     */
    public UserImport(UserService users, int batchSize, boolean skipExisting) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        this.users = users;
        this.batchSize = batchSize;
        this.skipExisting = skipExisting;
    }

    /** The outcome of an import: accounts created, lines naming a taken username, and the wall time. */
    public record Result(int created, int skipped, Duration elapsed) {
    }

    /**
     * Imports every line of {@code in}.
     *
     * @throws IllegalArgumentException for a malformed or repeated line (batches before it stay committed)
     * @throws ExecutionException       wrapping the service's failure, e.g. an existing user without
     *                                  {@code skipExisting}
     */
    public Result run(BufferedReader in) throws IOException, ExecutionException, InterruptedException {
        long start = System.nanoTime();
        Map<String, String> batch = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        int created = 0;
        int read = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = SEPARATOR.split(trimmed, 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException("line " + lineNumber + ": expected 'name password'");
            }
            Integer earlier = seen.putIfAbsent(parts[0], lineNumber);
            if (earlier != null) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + parts[0]
                        + " already given on line " + earlier);
            }
            batch.put(parts[0], parts[1]);
            read++;
            if (batch.size() == batchSize) {
                created += flush(batch);
            }
        }
        created += flush(batch);
        return new Result(created, read - created, Duration.ofNanos(System.nanoTime() - start));
    }

    private int flush(Map<String, String> batch) throws ExecutionException, InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        int created = users.createAll(new LinkedHashMap<>(batch), skipExisting).get();
        batch.clear();
        return created;
    }
}
