package io.starling.core.iq;

import java.util.Objects;

/** Which IQs a handler takes: the payload's namespace and local name, and where the IQ is addressed. */
public record IqKey(String namespace, String name, Target target) {
    /** Addressed to the server's domain (or to nobody), or to a member's bare JID (RFC 6121 §8.5.2.1.3). */
    public enum Target { SERVER, BARE_JID }

    public IqKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
    }

    public static IqKey server(String namespace, String name) {
        return new IqKey(namespace, name, Target.SERVER);
    }
}
