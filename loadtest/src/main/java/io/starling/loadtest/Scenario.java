package io.starling.loadtest;

import java.util.Locale;

/** What the members do once they log in: {@code --scenario}. */
public enum Scenario {
    /** Log in at {@code --ramp}, fetch the roster, send initial presence, stay for {@code --duration}. */
    IDLE_HOLD,
    /** All members online, then chat messages to random online peers at a total {@code --rate}. */
    CHAT,
    /** All members online, then presence changes (show/status) at a total {@code --rate}. */
    PRESENCE_CHURN,
    /** Logins with {@code --concurrency} in flight, each member logging out once online. */
    LOGIN_STORM;

    /** The command-line name, e.g. {@code idle-hold}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a command-line name. */
    public static Scenario parse(String name) {
        for (Scenario s : values()) {
            if (s.cliName().equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name
                + "' (idle-hold, chat, presence-churn, login-storm)");
    }
}
