package io.starling.loadtest.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one probe run needs, validated by the command line (or built directly by tests).
 *
 * @param mode      TCP or BOSH
 * @param host      the server's host name or address (TCP)
 * @param port      the c2s port (TCP)
 * @param domain    the XMPP domain of both members
 * @param boshUrl   the BOSH endpoint (BOSH), e.g. {@code http://xmpp.example.com:5280/http-bind}
 * @param tls       TCP: STARTTLS required (without it, STARTTLS is used when offered)
 * @param insecure  skip certificate and host name validation (self-signed certificates)
 * @param userA     local part of the first member
 * @param passwordA its password
 * @param userB     local part of the second member
 * @param passwordB its password
 * @param warning   limits above which the state is WARNING
 * @param critical  limits above which the state is CRITICAL
 * @param timeout   the hard limit of the whole run; past it the result is CRITICAL
 */
public record ProbeOptions(ProbeMode mode, String host, int port, String domain, URI boshUrl, boolean tls,
                           boolean insecure, String userA, String passwordA, String userB, String passwordB,
                           Thresholds warning, Thresholds critical, Duration timeout) {

    public ProbeOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(userA, "userA");
        Objects.requireNonNull(passwordA, "passwordA");
        Objects.requireNonNull(userB, "userB");
        Objects.requireNonNull(passwordB, "passwordB");
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
        Objects.requireNonNull(timeout, "timeout");
        if (mode == ProbeMode.TCP && (host == null || port <= 0 || port > 65535)) {
            throw new IllegalArgumentException("tcp mode needs a host and a port in 1..65535");
        }
        if (mode == ProbeMode.BOSH && boshUrl == null) {
            throw new IllegalArgumentException("bosh mode needs --url");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (userA.equals(userB)) {
            throw new IllegalArgumentException("the two members must differ (--user and --user2)");
        }
    }

    /** A TCP probe of {@code host:port} with no thresholds and a 10 s timeout. */
    public static ProbeOptions tcp(String host, int port, String domain, String userA, String passwordA,
                                   String userB, String passwordB) {
        return new ProbeOptions(ProbeMode.TCP, host, port, domain, null, false, false, userA, passwordA, userB,
                passwordB, Thresholds.none(), Thresholds.none(), Duration.ofSeconds(10));
    }

    /** A copy with other thresholds. */
    public ProbeOptions withThresholds(Thresholds w, Thresholds c) {
        return new ProbeOptions(mode, host, port, domain, boshUrl, tls, insecure, userA, passwordA, userB, passwordB,
                w, c, timeout);
    }
}
