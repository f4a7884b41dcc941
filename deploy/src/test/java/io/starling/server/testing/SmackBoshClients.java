package io.starling.server.testing;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;

/**
 * Smack's BOSH transport to a {@link TestServer}: plain HTTP on loopback, which the gateway trusts like TLS, so
 * SASL runs as over an encrypted stream; Smack itself sees no TLS and must not insist on it.
 */
public final class SmackBoshClients {
    static {
        SmackConfiguration.setDefaultReplyTimeout(10_000);
    }

    private SmackBoshClients() {
    }

    /** A connected but not logged-in BOSH connection for {@code user}. */
    public static XMPPBOSHConnection connect(TestServer server, String user, String resource) throws Exception {
        BOSHConfiguration config = BOSHConfiguration.builder()
                .setUseHttps(false)
                .setHost("localhost") // an IP literal becomes "http:///127.0.0.1" in Smack 4.4
                .setPort(server.httpPort())
                .setFile("/http-bind/")
                .setXmppDomain(TestServer.DOMAIN)
                .setUsernameAndPassword(user, TestServer.PASSWORD)
                .setResource(resource)
                .setSecurityMode(SecurityMode.disabled)
                .setSendPresence(true)
                .build();
        XMPPBOSHConnection c = new XMPPBOSHConnection(config);
        c.connect();
        return c;
    }
}
