package io.starling.loadtest.probe;

/** The timed steps of one probe run, in order, with their perfdata labels. */
public enum ProbeStep {
    LOGIN_A("login_a", "connect+login A"),
    LOGIN_B("login_b", "connect+login B"),
    MESSAGE("message", "message A to B"),
    REPLY("reply", "reply B to A"),
    PRESENCE("presence", "directed presence A to B"),
    LOGOUT("logout", "logout");

    private final String label;
    private final String description;

    ProbeStep(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The perfdata label and the threshold key. */
    public String label() {
        return label;
    }

    /** How the status line names the step when it fails. */
    public String description() {
        return description;
    }
}
