package io.starling.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * Benchmark client, not server code: one BOSH session (XEP-0124/0206) driven with Java's asynchronous HttpClient,
 * no thread of its own. Logs in with SASL PLAIN (the gateway counts loopback as secure), binds, sends initial
 * presence, then keeps one request open at all times (two while sending), handing every received stanza to a
 * listener.
 */
final class BenchBoshSession {
    static final String NS = "http://jabber.org/protocol/httpbind";
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults());

    private static final boolean DEBUG = System.getenv("BENCH_DEBUG") != null;

    private final HttpClient http;
    private final URI uri;
    private final String user;
    private final String password;
    private long rid = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
    private String sid;
    private volatile String jid;
    private volatile Consumer<XmlElement> listener = e -> { };
    private volatile boolean closed;
    /** Stanzas waiting for a request slot. */
    private final StringBuilder pending = new StringBuilder();
    /** Requests sent and not yet answered, after login. */
    private int open;
    private static final int MAX_OPEN = 2;

    BenchBoshSession(HttpClient http, URI uri, String user, String password) {
        this.http = http;
        this.uri = uri;
        this.user = user;
        this.password = password;
    }

    String jid() {
        return jid;
    }

    void onStanza(Consumer<XmlElement> stanzaListener) {
        this.listener = stanzaListener;
    }

    /** Creation, PLAIN, restart, bind, presence; completes with the bound JID once the session idles. */
    CompletableFuture<String> login() {
        String create = "<body xmlns='" + NS + "' xmlns:xmpp='urn:xmpp:xbosh' to='localhost' wait='60' hold='1' "
                + "ver='1.11' xmpp:version='1.0' content='text/xml; charset=utf-8' rid='" + (rid++) + "'/>";
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        return post(create)
                .thenCompose(created -> {
                    sid = created.attribute("sid");
                    return features(created);
                })
                .thenCompose(f -> post(body("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + plain + "</auth>")))
                .thenCompose(this::expectSuccess)
                .thenCompose(ok -> post("<body xmlns='" + NS + "' xmlns:xmpp='urn:xmpp:xbosh' sid='" + sid
                        + "' rid='" + (rid++) + "' xmpp:restart='true' to='localhost'/>"))
                .thenCompose(this::features)
                .thenCompose(f -> post(body("<iq xmlns='jabber:client' type='set' id='b1'>"
                        + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")))
                .thenCompose(this::bindResult)
                .thenCompose(bound -> {
                    jid = bound;
                    return post(body("<presence xmlns='jabber:client'/>"));
                })
                .thenApply(any -> {
                    pump();
                    return jid;
                });
    }

    /**
     * Queues stanzas; they leave with the next request, keeping at most {@code requests} (hold + 1 = 2) requests
     * open, as XEP-0124 §11 demands.
     */
    void send(String stanzas) {
        synchronized (this) {
            pending.append(stanzas);
        }
        pump();
    }

    void close() {
        closed = true;
        post("<body xmlns='" + NS + "' sid='" + sid + "' rid='" + (rid++) + "' type='terminate'>"
                + "<presence xmlns='jabber:client' type='unavailable'/></body>");
    }

    /** Sends queued stanzas if a request slot is free, or an empty poll when none is open. */
    private void pump() {
        String payload;
        synchronized (this) {
            if (closed || open >= MAX_OPEN || (pending.length() == 0 && open > 0)) {
                return;
            }
            payload = pending.toString();
            pending.setLength(0);
            open++;
        }
        post(body(payload)).whenComplete((response, failure) -> {
            synchronized (this) {
                open--;
            }
            if (failure == null) {
                deliver(response);
                if ("terminate".equals(response.attribute("type"))) {
                    closed = true;
                    System.err.println("session ended by the server: " + response);
                    return;
                }
            }
            pump();
        });
    }

    private void deliver(XmlElement response) {
        for (XmlElement child : response.elements()) {
            listener.accept(child);
        }
    }

    private synchronized String body(String payload) {
        return "<body xmlns='" + NS + "' sid='" + sid + "' rid='" + (rid++) + "'>" + payload + "</body>";
    }

    /** Features may come with the response or in a later one (hold): poll until they do. */
    private CompletableFuture<XmlElement> features(XmlElement response) {
        XmlElement f = response.element("http://etherx.jabber.org/streams", "features");
        return f != null ? CompletableFuture.completedFuture(f) : post(body("")).thenCompose(this::features);
    }

    private CompletableFuture<XmlElement> expectSuccess(XmlElement response) {
        if (response.element("urn:ietf:params:xml:ns:xmpp-sasl", "success") != null) {
            return CompletableFuture.completedFuture(response);
        }
        if (response.element("urn:ietf:params:xml:ns:xmpp-sasl", "failure") != null
                || "terminate".equals(response.attribute("type"))) {
            return CompletableFuture.failedFuture(new IllegalStateException("auth failed: " + response));
        }
        return post(body("")).thenCompose(this::expectSuccess);
    }

    private CompletableFuture<String> bindResult(XmlElement response) {
        for (XmlElement iq : response.elements()) {
            XmlElement bind = iq.element("urn:ietf:params:xml:ns:xmpp-bind", "bind");
            if (bind != null && bind.element("jid") != null) {
                return CompletableFuture.completedFuture(bind.element("jid").text());
            }
        }
        if ("terminate".equals(response.attribute("type"))) {
            return CompletableFuture.failedFuture(new IllegalStateException("bind failed: " + response));
        }
        return post(body("")).thenCompose(this::bindResult);
    }

    private CompletableFuture<XmlElement> post(String xml) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (DEBUG) {
                System.err.println(">> " + xml + "\n<< " + r.body());
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            return PARSER.parse(r.body());
        });
    }
}
