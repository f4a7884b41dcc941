package io.starling.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark bookkeeping, not server code: the stop-the-world pauses of the server JVM, read from its GC log written
 * with {@code -Xlog:gc:file=...:uptime,timenanos}. The {@code timenanos} decorator is {@link System#nanoTime()},
 * which on Linux is the same clock in every process, so pauses line up with the harness's own timestamps.
 */
final class GcPauses {
    private static final Pattern PAUSE = Pattern.compile("\\[(\\d+)ns].*Pause.* ([0-9.]+)ms$");

    private GcPauses() {
    }

    /** Pauses as [start, end] in nanoTime; empty if the file is missing or has no {@code timenanos}. */
    static List<long[]> read(String file) {
        List<long[]> out = new ArrayList<>();
        if (file == null || file.isEmpty() || !Files.exists(Path.of(file))) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                Matcher m = PAUSE.matcher(line.strip());
                if (m.find()) {
                    long end = Long.parseLong(m.group(1));
                    long duration = (long) (Double.parseDouble(m.group(2)) * 1e6);
                    out.add(new long[] {end - duration, end});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The pauses that overlap [from, to], as "n pauses, longest x ms". */
    static String during(List<long[]> pauses, long from, long to) {
        int count = 0;
        long longest = 0;
        for (long[] p : pauses) {
            if (p[1] >= from && p[0] <= to) {
                count++;
                longest = Math.max(longest, p[1] - p[0]);
            }
        }
        return String.format("%d GC pauses, longest %.1fms", count, longest / 1e6);
    }
}
