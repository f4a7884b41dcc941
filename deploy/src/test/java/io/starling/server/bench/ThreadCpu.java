package io.starling.server.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark bookkeeping, not server code: CPU time of a process's threads from {@code /proc/PID/task/TID/stat},
 * grouped by thread name with digits folded ({@code presence-0-1} and {@code presence-1-1} count as
 * {@code presence-#-#}). Linux only; ticks of {@code CLK_TCK} = 100 per second.
 */
final class ThreadCpu {
    private static final double TICK_MS = 10.0;

    private ThreadCpu() {
    }

    /** CPU milliseconds (user + system) so far, by thread group; threads that ended are not counted. */
    static Map<String, Double> snapshot(long pid) {
        Map<String, Double> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // After "pid (comm) ": f[0] is field 3 (state); utime is field 14, stime field 15.
                    double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
                    out.merge(name, ms, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + tasks, e);
        }
        return out;
    }

    /** {@code after − before} per group, as a percentage of one core over {@code wallNanos}, largest first. */
    static String usage(Map<String, Double> before, Map<String, Double> after, long wallNanos) {
        double wallMs = wallNanos / 1e6;
        StringBuilder sb = new StringBuilder();
        double total = 0;
        TreeMap<Double, String> byUse = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            total += d;
            if (d > 0) {
                byUse.merge(d, e.getKey(), (a, b) -> a + "," + b);
            }
        }
        sb.append(String.format("total=%.0f%%", 100 * total / wallMs));
        int shown = 0;
        for (Map.Entry<Double, String> e : byUse.entrySet()) {
            if (shown++ == 6) {
                break;
            }
            sb.append(String.format(" %s=%.0f%%", e.getValue(), 100 * e.getKey() / wallMs));
        }
        return sb.toString();
    }

    /** Total CPU milliseconds of the groups. */
    static double total(Map<String, Double> before, Map<String, Double> after) {
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
        }
        return total;
    }

    /**
     * Per CPU from {@code /proc/stat}: {busy, steal} in milliseconds so far, busy being everything but idle, iowait
     * and steal. Compared with what the benchmark's own processes used, it shows whether anything else ran on the
     * machine, and steal shows time the hypervisor took the virtual CPU away.
     */
    static Map<String, double[]> machine() {
        Map<String, double[]> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
                    String[] f = line.split("\\s+");
                    long user = Long.parseLong(f[1]);
                    long nice = Long.parseLong(f[2]);
                    long system = Long.parseLong(f[3]);
                    long irq = Long.parseLong(f[6]);
                    long softirq = Long.parseLong(f[7]);
                    long steal = Long.parseLong(f[8]);
                    out.put(f[0], new double[] {(user + nice + system + irq + softirq) * TICK_MS, steal * TICK_MS});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * CPU milliseconds so far of the server and its embedded PostgreSQL: pg_ctl detaches the postmaster from the
     * JVM, so its pid comes in as {@code -Dbench.pgpid} (line 1 of {@code postmaster.pid}).
     */
    static double serverTree(long serverPid) {
        long pg = Long.getLong("bench.pgpid", -1L);
        return processTree(serverPid) + (pg > 0 ? processTree(pg) : 0);
    }

    /** CPU milliseconds so far of a process and all its descendants. */
    static double processTree(long pid) {
        double total = processCpu(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            total += processCpu(child.pid());
        }
        return total;
    }

    private static double processCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU accounting over one phase of a benchmark: server threads, the machine, and the benchmark's processes. */
    static final class Phase {
        private final long serverPid;
        private final long start = System.nanoTime();
        private final Map<String, Double> threads;
        private final Map<String, double[]> machine = machine();
        private final double serverTree;
        private final double self;
        private long end;
        private Map<String, Double> threadsEnd;
        private Map<String, double[]> machineEnd;
        private double serverTreeEnd;
        private double selfEnd;

        Phase(long serverPid) {
            this.serverPid = serverPid;
            this.threads = snapshot(serverPid);
            this.serverTree = serverTree(serverPid);
            this.self = processCpu(ProcessHandle.current().pid());
        }

        Phase end() {
            end = System.nanoTime();
            threadsEnd = snapshot(serverPid);
            machineEnd = machine();
            serverTreeEnd = serverTree(serverPid);
            selfEnd = processCpu(ProcessHandle.current().pid());
            return this;
        }

        long wallNanos() {
            return end - start;
        }

        /** Server CPU milliseconds (JVM threads) in the phase. */
        double serverMillis() {
            return total(threads, threadsEnd);
        }

        /** CPU milliseconds of the server JVM and its PostgreSQL in the phase. */
        double serverTreeMillis() {
            return serverTreeEnd - serverTree;
        }

        String serverThreads() {
            return usage(threads, threadsEnd, end - start);
        }

        /** Machine busy and steal against what the server, its PostgreSQL and the harness used; % of one core. */
        String machineLine() {
            double wallMs = (end - start) / 1e6;
            double busy = 0;
            for (Map.Entry<String, double[]> e : machineEnd.entrySet()) {
                busy += e.getValue()[0] - machine.get(e.getKey())[0];
            }
            double steal = 0;
            for (Map.Entry<String, double[]> e : machineEnd.entrySet()) {
                steal += e.getValue()[1] - machine.get(e.getKey())[1];
            }
            double ours = serverTreeEnd - serverTree + selfEnd - self;
            // Per-CPU figures of /proc/stat are not reliable on every VM (seen on Firecracker), totals are.
            return String.format("machine busy %.0f%% (steal %.0f%%); server+postgres %.0f%%, harness %.0f%%, "
                    + "other processes and kernel %.0f%%", 100 * busy / wallMs, 100 * steal / wallMs,
                    100 * (serverTreeEnd - serverTree) / wallMs, 100 * (selfEnd - self) / wallMs,
                    Math.max(0, 100 * (busy - ours) / wallMs));
        }
    }
}
