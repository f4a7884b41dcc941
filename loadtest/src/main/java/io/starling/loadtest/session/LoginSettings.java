package io.starling.loadtest.session;

import java.time.Duration;

/**
 * How every member logs in.
 *
 * @param domain the XMPP domain (stream {@code to}, JIDs)
 * @param password the shared password of the members
 * @param sasl {@code auto} (strongest offered: SCRAM-SHA-256, SCRAM-SHA-1, PLAIN) or one mechanism name
 * @param startTls negotiate STARTTLS when the link can
 * @param register XEP-0077 in-band registration before auth (a conflict means the account exists: fine)
 * @param resource a fixed resource, or null for a random one per login
 * @param timeout the whole login, connect to bound
 */
public record LoginSettings(String domain, String password, String sasl, boolean startTls, boolean register,
                            String resource, Duration timeout) {
    public LoginSettings {
        if (!sasl.equals("auto") && !sasl.equals("PLAIN") && !sasl.equals("SCRAM-SHA-1")
                && !sasl.equals("SCRAM-SHA-256")) {
            throw new IllegalArgumentException("--sasl must be auto, PLAIN, SCRAM-SHA-1 or SCRAM-SHA-256: " + sasl);
        }
    }
}
