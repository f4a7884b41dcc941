package io.starling.loadtest.probe;

/** The transport the probe's two members use. */
public enum ProbeMode {
    /** XMPP over TCP (RFC 6120), STARTTLS when offered or required with {@code --tls}. */
    TCP,
    /** BOSH (XEP-0124/XEP-0206) over HTTP(S). */
    BOSH
}
