package io.starling.loadtest.run;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * Starts logins at {@code ramp} per second (0 = no ramp) with at most {@code concurrency} in flight, from one
 * periodic task on one event loop. A single pass starts each member once; with {@code repeatUntilNanos} set it
 * cycles over idle members until then (login storm: members log out as soon as they are online).
 */
public final class LoginLauncher {
    private static final long TICK_MICROS = 2_000;

    private final RunState run;
    private final EventLoop loop;
    private final int concurrency;
    private final RateScheduler ramp;
    private final long repeatUntilNanos;
    private final Member[] members;
    private volatile int launched;
    private int next;
    private volatile boolean finished;
    private ScheduledFuture<?> task;

    /**
     * @param repeatUntilNanos keep relaunching idle members until this nanoTime; 0 = one pass
     */
    public LoginLauncher(RunState run, EventLoop loop, double rampPerSecond, int concurrency, long repeatUntilNanos) {
        this.run = run;
        this.loop = loop;
        this.concurrency = concurrency;
        this.members = run.members;
        this.ramp = rampPerSecond > 0
                ? new RateScheduler(rampPerSecond, System.nanoTime(), Math.max(1, (long) (rampPerSecond / 10)))
                : null;
        this.repeatUntilNanos = repeatUntilNanos;
    }

    /** Starts the periodic task. */
    public void start() {
        task = loop.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    /** Stops launching (the in-flight logins go on). */
    public void stop() {
        loop.execute(() -> {
            finished = true;
            if (task != null) {
                task.cancel(false);
            }
        });
    }

    /** True once no more logins will start. */
    public boolean finished() {
        return finished;
    }

    /** Logins started so far. */
    public int launched() {
        return launched;
    }

    private void tick() {
        if (finished) {
            return;
        }
        boolean repeat = repeatUntilNanos > 0;
        if (repeat && System.nanoTime() >= repeatUntilNanos || !repeat && next >= members.length) {
            finished = true;
            task.cancel(false);
            return;
        }
        int allowed = concurrency - run.inFlight.get();
        if (ramp != null) {
            allowed = Math.min(allowed, ramp.due(System.nanoTime()));
        }
        int scanned = 0;
        while (allowed > 0 && scanned < members.length && (repeat || next < members.length)) {
            Member m = members[next % members.length];
            next = repeat ? (next + 1) % members.length : next + 1;
            scanned++;
            if (m.state != Member.IDLE) {
                continue;
            }
            m.state = Member.LOGGING_IN;
            run.inFlight.incrementAndGet();
            launched++;
            allowed--;
            if (m.loop == loop) {
                m.start();
            } else {
                m.loop.execute(m::start);
            }
        }
    }
}
