package io.starling.loadtest.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.UUID;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.util.TLSUtils;
import org.minidns.dnsname.DnsName;

/**
 * Builds the probe's Smack connections (not yet connected) from {@link ProbeOptions}: TCP with STARTTLS required
 * ({@code --tls}) or used if offered, or BOSH to a URL. Each member gets a random resource so two probes running at
 * once (cron and Nagios) do not replace each other's sessions. Stream management is off: a probe must see a fresh
 * stream work, not a resumed one.
 */
final class ProbeConnections {
    private final ProbeOptions options;

    ProbeConnections(ProbeOptions options) {
        this.options = options;
    }

    /** A new, unconnected connection for {@code user}. */
    AbstractXMPPConnection create(String user, String password, long stepTimeoutMs) throws Exception {
        String resource = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        AbstractXMPPConnection c = options.mode() == ProbeMode.TCP
                ? tcp(user, password, resource, stepTimeoutMs)
                : bosh(user, password, resource, stepTimeoutMs);
        c.setReplyTimeout(stepTimeoutMs);
        return c;
    }

    /**
     * In BOSH mode, throws the network failure (refused, unknown host) of a plain TCP connection to the URL's host
     * and port, if there is one; returns normally otherwise.
     */
    void explainBoshFailure(long timeoutMs) throws IOException {
        if (options.mode() != ProbeMode.BOSH) {
            return;
        }
        URI url = options.boshUrl();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), port(url)), (int) Math.min(Integer.MAX_VALUE, timeoutMs));
        }
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private AbstractXMPPConnection tcp(String user, String password, String resource, long timeoutMs)
            throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(options.domain())
                .setHost(options.host())
                .setPort(options.port())
                .setSecurityMode(options.tls() ? SecurityMode.required : SecurityMode.ifpossible)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
        common(b, user, password, resource);
        XMPPTCPConnection c = new XMPPTCPConnection(b.build());
        c.setUseStreamManagement(false);
        return c;
    }

    private AbstractXMPPConnection bosh(String user, String password, String resource, long timeoutMs)
            throws Exception {
        URI url = options.boshUrl();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        BOSHConfiguration.Builder b = BOSHConfiguration.builder()
                .setUseHttps(https)
                .setHost(boshHost(url.getHost()))
                .setPort(port(url))
                .setFile(path)
                .setXmppDomain(options.domain())
                // XEP-0206 §4: TLS is the HTTP layer's business; Smack must not ask for STARTTLS in the stream.
                .setSecurityMode(SecurityMode.disabled);
        common(b, user, password, resource);
        return new XMPPBOSHConnection(b.build());
    }

    /**
     * The URL's host as Smack's BOSH transport needs it: Smack 4.4 turns an IP literal given as text into an
     * {@code InetAddress} and builds {@code http:///127.0.0.1...} from it, so an IPv4 literal goes in as a DNS name
     * (which is just its text in the URL). IPv6 literals are refused by {@link ProbeCommand}.
     */
    private static DnsName boshHost(String host) {
        return DnsName.from(host);
    }

    private <B extends ConnectionConfiguration.Builder<B, ?>> void common(B b, String user, String password, String resource)
            throws Exception {
        b.setUsernameAndPassword(user, password).setResource(resource).setSendPresence(true);
        if (options.insecure()) {
            TLSUtils.acceptAllCertificates(b);
            TLSUtils.disableHostnameVerificationForTlsCertificates(b);
        }
    }
}
