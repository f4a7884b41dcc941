package io.starling.loadtest.probe;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The callable probe: {@link #run(ProbeOptions)} logs two members in, exchanges a message each way and a directed
 * presence, logs out, and reports. Blocking, as a plugin may be; the run happens on a named daemon thread that a
 * watchdog abandons (killing its connections) when the overall timeout passes. A plugin timeout is CRITICAL — the
 * service did not answer in time — and names the step that was running, as {@code check_http -t} does.
 */
public final class Probe {

    private Probe() {
    }

    private static String describe(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Runs one probe; never throws. */
    public static ProbeResult run(ProbeOptions options) {
        ProbeReport report = new ProbeReport(options.warning(), options.critical());
        long timeoutNanos = options.timeout().toNanos();
        long start = System.nanoTime();
        ProbeRun run = new ProbeRun(options, start + timeoutNanos);
        FutureTask<Void> task = new FutureTask<>(() -> {
            run.execute();
            return null;
        });
        Thread thread = new Thread(task, "starling-probe-run");
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(timeoutNanos, TimeUnit.NANOSECONDS);
            long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return report.completed(run.timings(), total);
        } catch (TimeoutException e) {
            ProbeStep step = run.currentStep();
            run.abort();
            thread.interrupt();
            return report.failed(step, "timeout after " + describe(options.timeout()) + " (-t)", run.timings());
        } catch (ExecutionException e) {
            return report.failed(run.currentStep(), FailureReasons.describe(e.getCause()), run.timings());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.abort();
            return ProbeResult.unknown("interrupted");
        } catch (RuntimeException e) {
            return ProbeResult.unknown("internal error: " + e);
        }
    }
}
