package io.starling.loadtest.probe;

/** The four Nagios plugin states, with their exit codes. */
public enum ProbeStatus {
    OK(0), WARNING(1), CRITICAL(2), UNKNOWN(3);

    private final int exitCode;

    ProbeStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code Nagios reads. */
    public int exitCode() {
        return exitCode;
    }

    /** The worse of two states, by exit code (the only use is combining OK, WARNING and CRITICAL). */
    public ProbeStatus worst(ProbeStatus other) {
        return other.exitCode > exitCode ? other : this;
    }
}
