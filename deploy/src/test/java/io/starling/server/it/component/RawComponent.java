package io.starling.server.it.component;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.starling.core.component.HandshakeDigest;
import io.starling.server.testing.RawXmppClient;

/** A component written by hand over a socket (XEP-0114), for the cases a library would not let us send. */
final class RawComponent implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern STREAM_ID = Pattern.compile("<stream:stream[^>]* id='([^']+)'");

    private final RawXmppClient socket;
    private String streamId;

    private RawComponent(int port) throws IOException {
        this.socket = new RawXmppClient(port);
    }

    /** Opens the stream for {@code domain} and waits for the server's header. */
    static RawComponent open(int port, String domain) throws IOException {
        RawComponent c = new RawComponent(port);
        c.socket.send("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "'>");
        return c;
    }

    /** The stream id of the server's header. */
    String awaitStreamId() throws IOException {
        Matcher m = STREAM_ID.matcher(socket.awaitContains(" id='", WAIT));
        while (!m.find()) {
            m = STREAM_ID.matcher(socket.awaitContains("'>", WAIT));
        }
        streamId = m.group(1);
        return streamId;
    }

    /** Opens, handshakes and waits for the empty {@code <handshake/>}. */
    static RawComponent connect(int port, String domain, String secret) throws IOException {
        RawComponent c = open(port, domain);
        c.handshake(HandshakeDigest.of(c.awaitStreamId(), secret));
        c.socket.awaitContains("<handshake/>", WAIT);
        c.socket.clearReceived();
        return c;
    }

    void handshake(String digest) throws IOException {
        socket.send("<handshake>" + digest + "</handshake>");
    }

    RawComponent send(String xml) throws IOException {
        socket.send(xml);
        return this;
    }

    String awaitContains(String marker) throws IOException {
        return socket.awaitContains(marker, WAIT);
    }

    String awaitStanza(String id) throws IOException {
        return socket.awaitStanza(id, WAIT);
    }

    boolean awaitClosed() throws IOException {
        return socket.awaitClosed(WAIT);
    }

    /** Reads whatever has arrived, waiting at most a moment. */
    void pollQuietly() throws IOException {
        socket.awaitClosed(Duration.ofMillis(50));
    }

    String received() {
        return socket.received();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
