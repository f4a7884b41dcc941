package io.starling.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A driver script from {@code deploy/src/test/js} run by node as a child process. The script writes one JSON object
 * per line on stdout, each with an {@code event} name, and ends with {@code {"event":"done"}} (exit 0) or
 * {@code {"event":"failed",…}} (non-zero exit); its stderr is kept (the last {@value #STDERR_LINES} lines) for failure
 * messages. {@link #close()} ends the script and every process it started (a browser), whatever state it is in.
 *
 * <p>The Maven build installs the scripts' npm dependencies ({@code ensure-deps.mjs}) before the integration tests;
 * the system property {@code starling.js.dir} names the directory (default {@code src/test/js}, for IDE runs from the
 * module directory).
 */
public final class NodeScript implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_LINES = 120;
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final BlockingQueue<JsonNode> pending = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new CopyOnWriteArrayList<>();
    /** Written by the stderr reader thread, read by the test thread for failure messages. */
    private final Deque<String> stderr = new ArrayDeque<>();

    private NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        reader(process.getInputStream(), "stdout", this::onStdout).start();
        reader(process.getErrorStream(), "stderr", this::onStderr).start();
    }

    /** The directory of the driver scripts and their package.json. */
    public static Path directory() {
        return Path.of(System.getProperty("starling.js.dir", "src/test/js")).toAbsolutePath();
    }

    /** Starts {@code node <script> <args…>} in {@link #directory()}. */
    public static NodeScript start(String script, List<String> args) {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException("no node_modules in " + dir + ": run `node ensure-deps.mjs` there "
                    + "(`mvn verify` does it before the integration tests)");
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            p.getOutputStream().close();
            return new NodeScript(script, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node (Node.js 20 or later must be on the PATH): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The next event called {@code event}; events before it are skipped (they stay in {@link #events()}).
     *
     * @throws AssertionError when the script fails, ends, or sends no such event in time
     */
    public JsonNode awaitEvent(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode next = pending.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError(failure("no " + event + " event within " + timeout));
            }
            String name = next.path("event").asText();
            if (name.equals(event)) {
                return next;
            }
            if (name.equals("failed") || name.equals("end")) {
                throw new AssertionError(failure("ended before a " + event + " event"));
            }
        }
    }

    /**
     * Waits for the script to end with {@code {"event":"done"}} and exit code 0.
     *
     * @throws AssertionError otherwise, with the script's failure event and the end of its stderr
     */
    public void awaitSuccess(Duration timeout) throws InterruptedException {
        awaitEvent("done", timeout);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            throw new AssertionError(failure("reported done but did not exit with 0"));
        }
    }

    /** Every event read so far, in order. */
    public List<JsonNode> events() {
        return List.copyOf(seen);
    }

    /** The events called {@code event} read so far. */
    public List<JsonNode> events(String event) {
        return events().stream().filter(e -> e.path("event").asText().equals(event)).toList();
    }

    private String failure(String what) {
        StringBuilder b = new StringBuilder(name).append(' ').append(what).append('.');
        if (!process.isAlive()) {
            b.append(" Exit code ").append(process.exitValue()).append('.');
        }
        List<JsonNode> failed = events("failed");
        b.append(failed.isEmpty() ? "" : "\nFailure: " + failed.get(0));
        b.append("\nEvents: ").append(events());
        b.append("\nLast stderr lines:\n");
        synchronized (stderr) { // appended by the stderr reader thread
            stderr.forEach(line -> b.append("  ").append(line).append('\n'));
        }
        return b.toString();
    }

    private void onStdout(String line) {
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            onStderr("(stdout, not JSON) " + line);
            return;
        }
        seen.add(event);
        pending.add(event);
    }

    private void onStderr(String line) {
        synchronized (stderr) { // read by the test thread
            if (stderr.size() == STDERR_LINES) {
                stderr.removeFirst();
            }
            stderr.addLast(line);
        }
    }

    private Thread reader(InputStream in, String stream, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                sink.accept("(" + stream + " read failed: " + e + ")");
            }
            if (stream.equals("stdout")) {
                pending.add(JSON.createObjectNode().put("event", "end"));
            }
        }, "node-" + stream + "-" + name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Ends the script if it still runs: SIGTERM first (the script closes its browser), then SIGKILL to it and to
     * every process it had started, so no browser outlives the test.
     */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(TERMINATE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
