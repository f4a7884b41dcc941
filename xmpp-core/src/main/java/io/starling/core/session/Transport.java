package io.starling.core.session;

import java.util.Locale;

/** How a session reaches its client. */
public enum Transport {
    TCP, BOSH, WEBSOCKET;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
