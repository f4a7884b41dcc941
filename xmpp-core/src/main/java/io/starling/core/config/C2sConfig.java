package io.starling.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The client-to-server listener (RFC 6120).
 *
 * @param bindAddress         listen address (default {@code 0.0.0.0})
 * @param port                STARTTLS port (default 5222)
 * @param directTlsPort       XEP-0368 direct TLS port, 0 = off (default 5223)
 * @param tlsRequired         refuse SASL before STARTTLS (default true)
 * @param maxStanzaBytes      largest top-level element in bytes (default 262144); larger → policy-violation
 * @param maxDepth            deepest element nesting inside a stanza (default 32)
 * @param maxAttributes       most attributes on one element (default 64)
 * @param keepaliveInterval   a whitespace keepalive is written after this long without output (default 90 s)
 * @param idleTimeout         a stream that sends nothing this long is closed with connection-timeout (default 10 min)
 * @param negotiationTimeout  a stream not authenticated and bound within this is closed (default 30 s)
 * @param maxResourcesPerUser most bound sessions of one member (default 10); more → resource-constraint
 * @param resumeTimeout       XEP-0198: how long a session whose connection dropped stays resumable, its stanzas kept
 *                            (default 5 min); also the most a client may ask for with {@code max}
 * @param smMaxUnacked        XEP-0198: most stanzas sent to a client and not yet acknowledged (default 10,000); one
 *                            more closes the stream with policy-violation, or ends a detached session, and the
 *                            messages go back to routing (another resource or offline storage). The same bound
 *                            applies to the client's stanzas whose routing has not completed yet
 * @param smRequestEvery      XEP-0198: the server asks for an acknowledgement after this many stanzas (default 5),
 *                            and about a second after the last unrequested one
 */
public record C2sConfig(String bindAddress, int port, int directTlsPort, boolean tlsRequired, int maxStanzaBytes,
                        int maxDepth, int maxAttributes, Duration keepaliveInterval, Duration idleTimeout,
                        Duration negotiationTimeout, int maxResourcesPerUser, Duration resumeTimeout,
                        int smMaxUnacked, int smRequestEvery) {
    public C2sConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        requirePort(port, "port");
        if (directTlsPort != 0) {
            requirePort(directTlsPort, "directTlsPort");
        }
        requireRange(maxStanzaBytes, 1024, 64 * 1024 * 1024, "maxStanzaBytes");
        requireRange(maxDepth, 2, 1000, "maxDepth");
        requireRange(maxAttributes, 4, 10_000, "maxAttributes");
        requireRange(maxResourcesPerUser, 1, 10_000, "maxResourcesPerUser");
        requirePositive(keepaliveInterval, "keepaliveInterval");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(negotiationTimeout, "negotiationTimeout");
        requirePositive(resumeTimeout, "resumeTimeout");
        if (resumeTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("resumeTimeout must be at most 1 day, was " + resumeTimeout);
        }
        requireRange(smMaxUnacked, 10, 1_000_000, "smMaxUnacked");
        requireRange(smRequestEvery, 1, smMaxUnacked, "smRequestEvery");
    }

    public static C2sConfig defaults() {
        return new C2sConfig("0.0.0.0", 5222, 5223, true, 256 * 1024, 32, 64, Duration.ofSeconds(90),
                Duration.ofMinutes(10), Duration.ofSeconds(30), 10, Duration.ofMinutes(5), 10_000, 5);
    }

    static void requirePort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
    }

    static void requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
        }
    }

    static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
