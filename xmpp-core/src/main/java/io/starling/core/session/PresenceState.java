package io.starling.core.session;

/**
 * What routing needs to know of a session's presence (RFC 6121 §8.5.2): available or not, and its priority
 * (-128..127). {@link #UNAVAILABLE} until initial presence.
 */
public record PresenceState(boolean available, int priority) {
    public static final PresenceState UNAVAILABLE = new PresenceState(false, 0);

    public PresenceState {
        if (priority < -128 || priority > 127) {
            throw new IllegalArgumentException("priority must be -128..127");
        }
    }
}
