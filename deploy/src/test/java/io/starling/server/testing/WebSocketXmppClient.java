package io.starling.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.starling.core.testing.TrustAll;

/**
 * A real WebSocket client (the JDK's) speaking XMPP over WebSocket (RFC 7395) to a {@link TestServer}'s
 * {@code /xmpp-websocket}, one element per text message, as written by the test. It records every message the
 * server sends; {@link #await} consumes them in order. For the inputs a well-behaved client library would not
 * send, and for the logins the happy paths need.
 */
public final class WebSocketXmppClient implements AutoCloseable {
    public static final String FRAMING = "xmlns='urn:ietf:params:xml:ns:xmpp-framing'";
    public static final String OPEN = "<open " + FRAMING + " to='localhost' version='1.0'/>";
    public static final String CLOSE = "<close " + FRAMING + "/>";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final BlockingQueue<String> inbox;
    /** Every message received, in order, for failure messages. */
    private final List<String> received;
    /** Completes with the close status the server sent, or -1 when the connection failed without one. */
    private final CompletableFuture<Integer> closed;
    private final AtomicInteger pings;

    private WebSocketXmppClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.pings = listener.pings;
        this.inbox = listener.inbox;
        this.received = listener.received;
        this.closed = listener.closed;
    }

    /** Connects to the server's plain-HTTP WebSocket endpoint offering the {@code xmpp} subprotocol. */
    public static WebSocketXmppClient connect(TestServer server) throws Exception {
        return connect(server, "xmpp");
    }

    /**
     * Connects offering these subprotocols (none: no Sec-WebSocket-Protocol header).
     *
     * @throws java.util.concurrent.ExecutionException wrapping a {@link java.net.http.WebSocketHandshakeException}
     *                                                 when the server refuses the upgrade
     */
    public static WebSocketXmppClient connect(TestServer server, String... subprotocols) throws Exception {
        return connect(HttpClient.newHttpClient(), uri(server), subprotocols);
    }

    /** Connects over TLS (wss:) to the server's HTTPS port, trusting its self-signed certificate. */
    public static WebSocketXmppClient connectTls(TestServer server) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TrustAll.sslContext()).build();
        return connect(http, URI.create("wss://localhost:" + server.httpsPort() + "/xmpp-websocket"), "xmpp");
    }

    private static WebSocketXmppClient connect(HttpClient http, URI uri, String... subprotocols) throws Exception {
        Listener listener = new Listener();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        WebSocket socket = builder.buildAsync(uri, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new WebSocketXmppClient(socket, listener);
    }

    public static URI uri(TestServer server) {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/xmpp-websocket");
    }

    /** The subprotocol the server accepted. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** The WebSocket pings received (RFC 7395 §3.4 keepalives), each answered with a pong. */
    public int pings() {
        return pings.get();
    }

    /** Whether the server closed the WebSocket (or the connection failed). */
    public boolean closed() {
        return closed.isDone();
    }

    /** Sends one text message. */
    public WebSocketXmppClient send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Sends one text message in several WebSocket frames (a first frame and continuations). */
    public WebSocketXmppClient sendFragmented(String... parts) throws Exception {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return this;
    }

    public WebSocketXmppClient sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Returns the next message containing {@code marker}, dropping the ones before it; fails after the timeout. */
    public String await(String marker) throws InterruptedException {
        return await(marker, WAIT);
    }

    public String await(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no message with '" + marker + "' within " + timeout + "; received: "
                        + received());
            }
            if (message.contains(marker)) {
                return message;
            }
        }
    }

    /** The next message within the timeout, or null. */
    public String poll(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every message received so far, the consumed ones too. */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * Waits for the server to close the WebSocket.
     *
     * @return the status code of the server's close frame, or -1 if the connection ended without one
     */
    public int awaitClosed() throws Exception {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the WebSocket; received: " + received(), e);
        }
    }

    /**
     * SASL PLAIN (offered: the test server trusts loopback as if TLS ended at a proxy), the new stream after it
     * (RFC 7395 §3.5), and nothing more: the client may resume (XEP-0198) or bind next.
     *
     * @return the stream features after authentication
     */
    public String authenticate(String user, String password) throws Exception {
        send(OPEN);
        await("<open ");
        await("</stream:features>");
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        await("<success ");
        send(OPEN);
        await("<open ");
        return await("</stream:features>");
    }

    /** {@link #authenticate}, then binds {@code resource}, leaving an established stream without presence. */
    public WebSocketXmppClient login(String user, String password, String resource) throws Exception {
        authenticate(user, password);
        send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<resource>" + resource + "</resource></bind></iq>");
        String result = await("id='bind1'");
        if (!result.contains("type='result'")) {
            throw new AssertionError("bind failed: " + result);
        }
        return this;
    }

    /** Drops the connection without a stream close or a WebSocket close frame, as a crashing client would. */
    public void abort() {
        socket.abort();
    }

    /** Closes the stream and the WebSocket politely, or just drops it if it is closed already. */
    @Override
    public void close() throws Exception {
        if (!socket.isOutputClosed() && !closed.isDone()) {
            try {
                send(CLOSE);
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);
                closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // the server may close first; what matters is that the socket ends
            }
        }
        socket.abort();
    }

    /** Collects whole messages (the JDK may hand a message over in parts) and the close. */
    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        final List<String> received = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final AtomicInteger pings = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                synchronized (received) {
                    received.add(message);
                }
                inbox.add(message);
            }
            webSocket.request(1);
            return null;
        }

        /** The JDK answers with a pong by itself. */
        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
