package io.starling.loadtest;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.starling.loadtest.client.Transport;
import io.starling.loadtest.client.Transports;
import io.starling.loadtest.metrics.LatencySummary;
import io.starling.loadtest.metrics.LoadMetrics;
import io.starling.loadtest.run.LoginLauncher;
import io.starling.loadtest.run.Member;
import io.starling.loadtest.run.RunState;
import io.starling.loadtest.run.TrafficDriver;

/**
 * Runs one load scenario in-process and returns its report (no {@code System.exit}): logs the members in, runs
 * the scenario's traffic, closes the streams, waits for what is in flight. The calling thread only waits and
 * prints progress; all network work happens on the run's own event loops ({@code --threads}).
 */
public final class LoadRun {
    private static final long POLL_MILLIS = 20;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LoadOptions options;
    private final PrintWriter progress;
    private final LoadMetrics metrics = new LoadMetrics();
    private RunState run;
    private long startNanos;
    private long nextProgressNanos;
    private int peakOnline;

    private LoadRun(LoadOptions options, PrintWriter progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs without progress output. */
    public static LoadReport run(LoadOptions options) {
        return run(options, null);
    }

    /** Runs, printing a progress line to {@code progress} (may be null) every {@code --progress} seconds. */
    public static LoadReport run(LoadOptions options, PrintWriter progress) {
        return new LoadRun(options, progress).execute();
    }

    private LoadReport execute() {
        EventLoopGroup group = Epoll.isAvailable()
                ? new EpollEventLoopGroup(options.threads(), new DefaultThreadFactory("load-loop", true))
                : new NioEventLoopGroup(options.threads(), new DefaultThreadFactory("load-loop", true));
        try {
            return drive(group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private LoadReport drive(EventLoopGroup group) throws InterruptedException {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        Transport transport = Transports.create(options.transport(),
                new InetSocketAddress(options.host(), options.port()), options.url(), options.domain());
        Scenario scenario = options.scenario();
        run = new RunState(transport, options.loginSettings(), metrics, scenario == Scenario.LOGIN_STORM);
        Member[] members = new Member[options.members()];
        List<List<Member>> byLoop = new ArrayList<>();
        loops.forEach(l -> byLoop.add(new ArrayList<>()));
        for (int i = 0; i < members.length; i++) {
            EventLoop loop = loops.get(i % loops.size());
            members[i] = new Member(run, loop, options.username(i), options.domain(),
                    new InetSocketAddress(options.sources().get(i % options.sources().size()), 0));
            byLoop.get(i % loops.size()).add(members[i]);
        }
        run.members(members);

        startNanos = System.nanoTime();
        nextProgressNanos = startNanos + options.progressInterval().toNanos();
        long stormUntil = scenario == Scenario.LOGIN_STORM && !options.duration().isZero()
                ? startNanos + options.duration().toNanos() : 0;
        LoginLauncher launcher = new LoginLauncher(run, loops.get(0),
                scenario == Scenario.LOGIN_STORM ? 0 : options.ramp(), options.concurrency(), stormUntil);
        launcher.start();
        double rampSeconds = scenario != Scenario.LOGIN_STORM && options.ramp() > 0
                ? options.members() / options.ramp() : 0;
        long loginDeadline = startNanos + (long) (rampSeconds * 1e9) + options.loginTimeout().toNanos()
                + (stormUntil == 0 ? 0 : options.duration().toNanos()) + TimeUnit.SECONDS.toNanos(30);
        waitUntil(() -> launcher.finished() && run.inFlight() == 0
                && (scenario != Scenario.LOGIN_STORM || run.active() == 0), loginDeadline, "login");
        launcher.stop();
        long loginPhaseNanos = Math.max(1, run.lastLoginNanos() - startNanos);
        double measuredSeconds = 0;

        switch (scenario) {
            case IDLE_HOLD -> {
                long t0 = System.nanoTime();
                sleep(options.duration().toNanos(), "hold");
                measuredSeconds = (System.nanoTime() - t0) / 1e9;
            }
            case CHAT, PRESENCE_CHURN -> measuredSeconds = traffic(loops, byLoop, members, scenario);
            case LOGIN_STORM -> measuredSeconds = loginPhaseNanos / 1e9;
        }

        for (Member m : members) {
            m.closeOnLoop();
        }
        long closeDeadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        waitUntil(() -> run.active() == 0, closeDeadline, "close");
        return report(loginPhaseNanos, measuredSeconds);
    }

    private double traffic(List<EventLoop> loops, List<List<Member>> byLoop, Member[] members, Scenario scenario)
            throws InterruptedException {
        TrafficDriver.Kind kind = scenario == Scenario.CHAT ? TrafficDriver.Kind.CHAT : TrafficDriver.Kind.PRESENCE;
        List<TrafficDriver> drivers = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            double share = options.rate() * byLoop.get(i).size() / members.length;
            TrafficDriver d = new TrafficDriver(loops.get(i), byLoop.get(i), members, kind, share);
            drivers.add(d);
            loops.get(i).execute(d::start);
        }
        sleep(options.warmup().toNanos(), "warmup");
        long t0 = System.nanoTime();
        run.measureFrom(t0);
        sleep(options.duration().toNanos(), "measure");
        for (int i = 0; i < drivers.size(); i++) {
            loops.get(i).execute(drivers.get(i)::stop);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long drainEnd = System.nanoTime() + options.drain().toNanos();
        if (kind == TrafficDriver.Kind.CHAT) {
            waitUntil(() -> metrics.messagesReceived() >= metrics.messagesSent(), drainEnd, "drain");
        } else {
            sleep(Math.min(options.drain().toNanos(), TimeUnit.SECONDS.toNanos(1)), "drain");
        }
        run.countUntil(System.nanoTime());
        return seconds;
    }

    private LoadReport report(long loginPhaseNanos, double measuredSeconds) {
        long sent = metrics.messagesSent();
        long received = metrics.messagesReceived();
        return new LoadReport(options.scenario().cliName(), options.transport().name().toLowerCase(),
                options.members(), options.rate(), measuredSeconds, metrics.connectAttempts(), metrics.connectOk(),
                metrics.loginsOk(), metrics.loginsOk() / (loginPhaseNanos / 1e9), peakOnline, sent, received,
                Math.max(0, sent - received), measuredSeconds > 0 ? received / measuredSeconds : 0,
                metrics.presenceSent(), metrics.presenceReceived(), metrics.errorCount(), metrics.errors(),
                LatencySummary.of(metrics.connectHistogram()), LatencySummary.of(metrics.tlsHistogram()),
                LatencySummary.of(metrics.authHistogram()), LatencySummary.of(metrics.loginHistogram()),
                LatencySummary.of(metrics.messageLatencyHistogram()), options.maxErrors());
    }

    private void sleep(long nanos, String phase) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        waitUntil(() -> false, end, phase);
    }

    /** Polls until {@code done} or the deadline, printing progress on the way. */
    private void waitUntil(BooleanSupplier done, long deadlineNanos, String phase) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - deadlineNanos >= 0) {
                return;
            }
            peakOnline = Math.max(peakOnline, run.online());
            if (progress != null && !options.progressInterval().isZero() && now - nextProgressNanos >= 0) {
                nextProgressNanos = now + options.progressInterval().toNanos();
                progress.printf("[%5.1fs] %s online=%d in_flight=%d logins=%d sent=%d received=%d"
                                + " presence_sent=%d presence_received=%d errors=%d%n",
                        (now - startNanos) / 1e9, phase, run.online(), run.inFlight(), metrics.loginsOk(),
                        metrics.messagesSent(), metrics.messagesReceived(), metrics.presenceSent(),
                        metrics.presenceReceived(), metrics.errorCount());
                progress.flush();
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadlineNanos - now) / 1_000_000)));
        }
        peakOnline = Math.max(peakOnline, run.online());
    }
}
