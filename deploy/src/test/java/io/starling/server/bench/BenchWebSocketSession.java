package io.starling.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * Benchmark client, not server code: one XMPP-over-WebSocket session (RFC 7395) on Java's WebSocket client. Logs
 * in with SASL PLAIN, binds, sends initial presence, then hands every received stanza to a listener.
 */
final class BenchWebSocketSession implements WebSocket.Listener {
    private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults());
    private static final String OPEN = "<open xmlns='" + FRAMING + "' to='localhost' version='1.0'/>";

    private final String user;
    private final String password;
    private final CompletableFuture<String> bound = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Consumer<XmlElement> listener = e -> { };
    private CompletableFuture<WebSocket> sending;
    private boolean authenticated;

    private BenchWebSocketSession(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Connects and logs in; completes with the session once bound and available. */
    static CompletableFuture<BenchWebSocketSession> login(HttpClient http, URI uri, String user, String password) {
        BenchWebSocketSession session = new BenchWebSocketSession(user, password);
        return http.newWebSocketBuilder().subprotocols("xmpp").buildAsync(uri, session)
                .thenCompose(ws -> {
                    synchronized (session) {
                        session.sending = CompletableFuture.completedFuture(ws);
                    }
                    session.send(OPEN);
                    return session.bound;
                })
                .thenApply(jid -> session);
    }

    String jid() {
        return bound.join();
    }

    void onStanza(Consumer<XmlElement> stanzaListener) {
        this.listener = stanzaListener;
    }

    /** Queues a frame behind the ones not yet written (the WebSocket API allows one send at a time). */
    synchronized void send(String stanza) {
        sending = sending.thenCompose(ws -> ws.sendText(stanza, true));
    }

    void close() {
        send("<close xmlns='" + FRAMING + "'/>");
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            frame(PARSER.parse(frame));
        }
        ws.request(1);
        return null;
    }

    private void frame(XmlElement e) {
        if (!bound.isDone()) {
            negotiate(e);
        } else if (!e.namespace().equals(FRAMING)) {
            listener.accept(e);
        }
    }

    private void negotiate(XmlElement e) {
        if (e.name().equals("features")) {
            if (!authenticated) {
                String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                        .getBytes(StandardCharsets.UTF_8));
                send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            } else {
                send("<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                        + "</iq>");
            }
        } else if (e.name().equals("success")) {
            authenticated = true;
            send(OPEN);
        } else if (e.name().equals("iq") && e.element("urn:ietf:params:xml:ns:xmpp-bind", "bind") != null) {
            send("<presence xmlns='jabber:client'/>");
            bound.complete(e.element("urn:ietf:params:xml:ns:xmpp-bind", "bind").element("jid").text());
        } else if (e.name().equals("failure") || e.name().equals("error") || e.name().equals("close")) {
            bound.completeExceptionally(new IllegalStateException("login failed: " + e));
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        bound.completeExceptionally(error);
    }
}
