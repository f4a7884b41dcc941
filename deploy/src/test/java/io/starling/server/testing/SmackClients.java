package io.starling.server.testing;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.util.TLSUtils;

/** Smack connections to a {@link TestServer}: STARTTLS required, the server's self-signed certificate trusted. */
public final class SmackClients {
    static {
        SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
        SmackConfiguration.setDefaultReplyTimeout(10_000);
    }

    private SmackClients() {
    }

    public static XMPPTCPConnection connect(TestServer server, String user, String resource, String mechanism)
            throws Exception {
        return connect(server, user, TestServer.PASSWORD, resource, mechanism);
    }

    public static XMPPTCPConnection connect(TestServer server, String user, String password, String resource,
                                            String mechanism) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(config(server, user, password, resource, mechanism));
        c.connect();
        c.login();
        return c;
    }

    public static XMPPTCPConnectionConfiguration config(TestServer server, String user, String password,
                                                        String resource, String mechanism) throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(TestServer.DOMAIN)
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setSecurityMode(SecurityMode.required)
                .setUsernameAndPassword(user, password)
                .setSendPresence(true)
                .setConnectTimeout(10_000);
        // The test server's certificate is self-signed.
        TLSUtils.acceptAllCertificates(b);
        TLSUtils.disableHostnameVerificationForTlsCertificates(b);
        if (resource != null) {
            b.setResource(resource);
        }
        if (mechanism != null) {
            b.addEnabledSaslMechanism(Set.of(mechanism));
        }
        return b.build();
    }

    public static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ctx;
    }

}
