package io.starling.server.testing;

import java.lang.reflect.Field;
import java.net.Socket;
import java.util.Set;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.util.TLSUtils;
import org.jivesoftware.smackx.ping.PingManager;

/**
 * Smack connections to a {@link TestServer}: STARTTLS required, the server's self-signed certificate trusted.
 * Stream management (XEP-0198) is on, as in Smack, but resumption is off by default: a dropped connection then ends
 * the session at once, which is what tests of dropped connections mean. Tests of resumption turn it on per
 * connection ({@link XMPPTCPConnection#setUseStreamManagementResumption}), never through Smack's static default,
 * which every test in the JVM shares.
 */
public final class SmackClients {
    static {
        SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
        SmackConfiguration.setDefaultReplyTimeout(10_000);
        XMPPTCPConnection.setUseStreamManagementResumptionDefault(false);
    }

    private SmackClients() {
    }

    public static XMPPTCPConnection connect(TestServer server, String user, String resource, String mechanism)
            throws Exception {
        return connect(server, user, TestServer.PASSWORD, resource, mechanism);
    }

    public static XMPPTCPConnection connect(TestServer server, String user, String password, String resource,
                                            String mechanism) throws Exception {
        return connect(server, user, password, resource, mechanism, c -> { });
    }

    /**
     * Like {@link #connect(TestServer, String, String, String)}, with {@code beforeLogin} run on the connected
     * but not yet authenticated connection: the place to configure managers (roster subscription mode, roster
     * store, listeners) that must be in place before the first stanza after login arrives.
     */
    public static XMPPTCPConnection connectWith(TestServer server, String user, String resource,
                                                BeforeLogin beforeLogin) throws Exception {
        return connect(server, user, TestServer.PASSWORD, resource, null, beforeLogin);
    }

    private static XMPPTCPConnection connect(TestServer server, String user, String password, String resource,
                                             String mechanism, BeforeLogin beforeLogin) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(config(server, user, password, resource, mechanism));
        c.connect();
        beforeLogin.accept(c);
        c.login();
        // The server handles a stream's stanzas in order: once this ping is answered, the initial presence that
        // login() sent has been processed and the member is available for routing.
        PingManager.getInstanceFor(c).pingMyServer();
        return c;
    }

    /**
     * Like {@link #connect(TestServer, String, String, String)} with XEP-0198 resumption enabled on this connection:
     * after {@link #kill} (or {@code instantShutdown()}), {@code connect(); login();} resumes the session.
     */
    public static XMPPTCPConnection connectResumable(TestServer server, String user, String resource)
            throws Exception {
        return connectWith(server, user, resource, c -> c.setUseStreamManagementResumption(true));
    }

    /**
     * Closes the stream as a careful client does: a ping round trip first, so that Smack's reader has counted every
     * stanza that arrived before it, then {@code disconnect()}, which sends Smack's final XEP-0198 {@code <a/>} and the
     * closing tag. Without the ping the final {@code <a/>} can miss a message the test has just seen, and the server
     * then rightly stores that message again for the next login (the durability contract).
     */
    public static void disconnectCleanly(XMPPTCPConnection connection) {
        if (connection.isAuthenticated()) {
            try {
                PingManager.getInstanceFor(connection).pingMyServer(false);
            } catch (Exception e) {
                // not connected any more, or no answer: the disconnect below is all that is left
            }
        }
        connection.disconnect();
    }

    /**
     * Kills the connection under Smack as a crashing client or a dead network would: the socket is closed with an
     * RST (linger 0), no stream close, no final acknowledgement. Smack notices on its reader thread.
     */
    public static void kill(XMPPTCPConnection connection) throws Exception {
        Field field = XMPPTCPConnection.class.getDeclaredField("socket");
        field.setAccessible(true);
        Socket socket = (Socket) field.get(connection);
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public static XMPPTCPConnectionConfiguration config(TestServer server, String user, String password,
                                                        String resource, String mechanism) throws Exception {
        return builder(server, user, password, resource, mechanism).build();
    }

    /** The settings of {@link #config}, still open to change (e.g. {@code setSendPresence(false)}). */
    public static XMPPTCPConnectionConfiguration.Builder builder(TestServer server, String user, String password,
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
        return b;
    }

    /** Configures a connection between connect and login. */
    @FunctionalInterface
    public interface BeforeLogin {
        void accept(XMPPTCPConnection connection) throws Exception;
    }
}
