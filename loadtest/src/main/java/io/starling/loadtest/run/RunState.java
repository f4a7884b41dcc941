package io.starling.loadtest.run;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.starling.loadtest.client.Transport;
import io.starling.loadtest.metrics.LoadMetrics;
import io.starling.loadtest.session.LoginSettings;
import io.starling.loadtest.session.SaltedPasswordCache;

/**
 * What the members of one run share: transport, login settings, SCRAM salted passwords, metrics, and the run's
 * phase marks.
 */
public final class RunState {
    /** Distinct (mechanism, salt, iterations, password) results kept; one suffices when members share a salt. */
    private static final int SALTED_PASSWORDS_KEPT = 10_000;

    final Transport transport;
    final LoginSettings login;
    final SaltedPasswordCache saltedPasswords = new SaltedPasswordCache(SALTED_PASSWORDS_KEPT);
    final LoadMetrics metrics;
    final boolean logoutWhenOnline;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger online = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicLong lastLoginNanos = new AtomicLong();
    Member[] members;
    /** Messages sent at or after this instant (nanoTime) are measured; Long.MAX_VALUE = not yet. */
    volatile long measureFromNanos = Long.MAX_VALUE;
    /** Presence arriving within [measureFrom, countUntil) is counted. */
    volatile long countUntilNanos = Long.MAX_VALUE;

    public RunState(Transport transport, LoginSettings login, LoadMetrics metrics, boolean logoutWhenOnline) {
        this.transport = transport;
        this.login = login;
        this.metrics = metrics;
        this.logoutWhenOnline = logoutWhenOnline;
    }

    public void members(Member[] all) {
        this.members = all;
    }

    public Member[] members() {
        return members;
    }

    /** Logins started and not yet online or failed. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Members online now. */
    public int online() {
        return online.get();
    }

    /** Members with an open or opening stream. */
    public int active() {
        return active.get();
    }

    public long lastLoginNanos() {
        return lastLoginNanos.get();
    }

    public void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    public void countUntil(long nanos) {
        countUntilNanos = nanos;
    }

    public LoadMetrics metrics() {
        return metrics;
    }
}
