package io.starling.server.bench;

import java.util.Arrays;

/**
 * Benchmark bookkeeping, not server code: a growable array of longs (latencies in nanoseconds) and percentiles by
 * sorting, since no histogram library is on the class path. Not thread-safe; confine each list to one thread.
 */
final class BenchStats {
    private BenchStats() {
    }

    /** Growable {@code long[]}. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long get(int i) {
            return values[i];
        }

        void set(int i, long v) {
            values[i] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }

        void clear() {
            size = 0;
        }
    }

    /** p50/p99/max (and count) of nanosecond samples, printed in milliseconds. */
    record Summary(int count, double p50Ms, double p99Ms, double maxMs) {
        @Override
        public String toString() {
            return count == 0 ? "n=0" : String.format("n=%d p50=%.2fms p99=%.2fms max=%.2fms", count, p50Ms, p99Ms,
                    maxMs);
        }
    }

    static Summary summarize(long[] nanos) {
        if (nanos.length == 0) {
            return new Summary(0, 0, 0, 0);
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Summary(s.length, ms(percentile(s, 50)), ms(percentile(s, 99)), ms(s[s.length - 1]));
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
