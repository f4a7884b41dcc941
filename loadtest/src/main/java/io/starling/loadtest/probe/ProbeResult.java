package io.starling.loadtest.probe;

/**
 * The outcome of one probe run: its state and the single status line (with perfdata) a plugin prints.
 *
 * @param status     the Nagios state
 * @param statusLine the whole line, e.g. {@code XMPP OK - message round trip 12 ms, 2 logins in 85 ms | ...}
 */
public record ProbeResult(ProbeStatus status, String statusLine) {

    /** The process exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
    public int exitCode() {
        return status.exitCode();
    }

    /** An UNKNOWN result: bad arguments or an internal error. */
    public static ProbeResult unknown(String reason) {
        return new ProbeResult(ProbeStatus.UNKNOWN, "XMPP UNKNOWN - " + StatusText.oneLine(reason));
    }
}
