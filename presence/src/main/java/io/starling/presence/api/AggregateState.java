package io.starling.presence.api;

/**
 * A member's presence as the site shows it, folded over all their sessions. {@link #INVISIBLE} means connected but
 * shown offline to everyone (XEP-0186): consumers that publish status must treat it as {@link #OFFLINE}.
 */
public enum AggregateState {
    ONLINE, AWAY, DND, XA, INVISIBLE, OFFLINE;

    /** The state for a visible available presence's {@code <show/>} value (RFC 6121 §4.7.2.1); null is online. */
    public static AggregateState ofShow(String show) {
        if (show == null) {
            return ONLINE;
        }
        return switch (show) {
            case "away" -> AWAY;
            case "dnd" -> DND;
            case "xa" -> XA;
            default -> ONLINE; // "chat" and anything unknown count as plain online
        };
    }

    /**
     * How present the member is, for folding several sessions: the most present visible session wins. Online
     * beats dnd (at the device, busy), which beats away, which beats xa.
     */
    public int rank() {
        return switch (this) {
            case ONLINE -> 5;
            case DND -> 4;
            case AWAY -> 3;
            case XA -> 2;
            case INVISIBLE -> 1;
            case OFFLINE -> 0;
        };
    }

    /** Whether contacts see the member available. */
    public boolean visible() {
        return this != INVISIBLE && this != OFFLINE;
    }
}
