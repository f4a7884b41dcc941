package io.starling.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLSocket;

import io.starling.core.testing.TrustAll;

/**
 * A bare socket that writes whatever a test says, byte for byte, and reads what the server answers. For the
 * inputs no well-behaved client library would send.
 */
public final class RawXmppClient implements AutoCloseable {
    public static final String HEADER = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    /** The TCP socket, under TLS once STARTTLS is done. */
    private final Socket tcp;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private String featuresAfterAuth = "";

    public RawXmppClient(int port) throws IOException {
        tcp = new Socket("127.0.0.1", port);
        socket = tcp;
        socket.setSoTimeout(200);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawXmppClient send(String xml) throws IOException {
        return send(xml.getBytes(StandardCharsets.UTF_8));
    }

    public RawXmppClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads until the text received so far contains {@code marker}; fails after the timeout. */
    public String awaitContains(String marker, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!received.toString().contains(marker)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + marker + "' within " + timeout + "; got: " + received);
            }
            if (!readSome()) {
                throw new AssertionError("connection closed before '" + marker + "'; got: " + received);
            }
        }
        return received.toString();
    }

    /**
     * Reads until {@code later} occurs after the first {@code marker} in the text received so far (e.g. the end of
     * the stanza a marker is in); fails after the timeout. Returns all text received.
     */
    public String awaitContainsAfter(String marker, String later, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = received.toString();
            int at = text.indexOf(marker);
            if (at >= 0 && text.indexOf(later, at + marker.length()) >= 0) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + marker + "' followed by '" + later + "' within " + timeout
                        + "; got: " + received);
            }
            if (!readSome()) {
                throw new AssertionError("connection closed before '" + marker + "'; got: " + received);
            }
        }
    }

    /** Reads whatever arrives during {@code period} (or until the connection closes); returns all text received. */
    public String readFor(Duration period) throws IOException {
        long deadline = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < deadline && readSome()) {
            // keep reading
        }
        return received.toString();
    }

    /** True once the server has closed the connection (EOF) within the timeout. */
    public boolean awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!readSome()) {
                    return true;
                }
            } catch (IOException e) {
                return true; // reset counts as closed
            }
        }
        return false;
    }

    private boolean readSome() throws IOException {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n < 0) {
                return false;
            }
            received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            // nothing yet
        }
        return true;
    }

    /**
     * Waits for the top-level stanza carrying {@code id} and returns it whole, from its start tag to its end tag.
     * Relies on the server writing attributes in single quotes.
     */
    public String awaitStanza(String id, Duration timeout) throws IOException {
        String marker = " id='" + id + "'";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String stanza = completeStanza(received.toString(), marker);
            if (stanza != null) {
                return stanza;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no stanza with id '" + id + "' within " + timeout + "; got: " + received);
            }
            if (!readSome()) {
                throw new AssertionError("connection closed before stanza '" + id + "'; got: " + received);
            }
        }
    }

    private static String completeStanza(String text, String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = text.lastIndexOf('<', at);
        String name = text.substring(start + 1, text.indexOf(' ', start));
        int tagEnd = text.indexOf('>', at);
        if (tagEnd < 0) {
            return null;
        }
        if (text.charAt(tagEnd - 1) == '/') {
            return text.substring(start, tagEnd + 1);
        }
        int end = text.indexOf("</" + name + ">", tagEnd);
        return end < 0 ? null : text.substring(start, end + name.length() + 3);
    }

    /** The stream features the server offered after authentication (those of the last {@link #login}). */
    public String featuresAfterAuth() {
        return featuresAfterAuth;
    }

    public String received() {
        return received.toString();
    }

    public void clearReceived() {
        received.setLength(0);
    }

    /** STARTTLS, PLAIN login and bind, leaving an established stream. */
    public RawXmppClient login(String user, String password, String resource) throws Exception {
        authenticate(user, password);
        send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        awaitContains("</iq>", Duration.ofSeconds(5));
        clearReceived();
        return this;
    }

    /**
     * STARTTLS, PLAIN login and the new stream after it, stopping before resource binding (where a client may
     * resume a session instead, XEP-0198 §5). The features are in {@link #featuresAfterAuth()}.
     */
    public RawXmppClient authenticate(String user, String password) throws Exception {
        send(HEADER);
        awaitContains("</stream:features>", Duration.ofSeconds(5));
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        awaitContains("<proceed", Duration.ofSeconds(5));
        SSLSocket tls = (SSLSocket) TrustAll.sslContext().getSocketFactory()
                .createSocket(socket, "localhost", socket.getPort(), true);
        tls.startHandshake();
        tls.setSoTimeout(200);
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        clearReceived();
        send(HEADER);
        awaitContains("</stream:features>", Duration.ofSeconds(5));
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        awaitContains("<success", Duration.ofSeconds(5));
        clearReceived();
        send(HEADER);
        featuresAfterAuth = awaitContains("</stream:features>", Duration.ofSeconds(5));
        clearReceived();
        return this;
    }

    /**
     * Kills the connection as a crashing client or a dead network would: the TCP socket is reset (linger 0), with
     * no TLS close_notify, no stream close and no final acknowledgement.
     */
    public void kill() throws IOException {
        tcp.setSoLinger(true, 0);
        tcp.close();
    }

    @Override
    public void close() throws IOException {
        if (!tcp.isClosed()) {
            socket.close();
        }
    }
}
