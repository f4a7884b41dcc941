package io.starling.core.stanza;

/** XML namespaces used across the server. */
public final class Namespaces {
    public static final String CLIENT = "jabber:client";
    public static final String SERVER = "jabber:server";
    public static final String COMPONENT = "jabber:component:accept";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String PING = "urn:xmpp:ping";
    public static final String VERSION = "jabber:iq:version";
    /** XEP-0334 message processing hints ({@code <store/>}, {@code <no-store/>}…). */
    public static final String HINTS = "urn:xmpp:hints";

    private Namespaces() {
    }

    /** True for the namespaces whose top-level message/presence/iq elements are stanzas. */
    public static boolean isStanzaNamespace(String ns) {
        return CLIENT.equals(ns) || SERVER.equals(ns) || COMPONENT.equals(ns);
    }
}
