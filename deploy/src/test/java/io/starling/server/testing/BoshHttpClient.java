package io.starling.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * Raw BOSH over {@link HttpClient}: a test writes each {@code <body/>} itself, rid by rid, and reads the answers.
 * Requests are asynchronous so that several can be open at once (the server holds them); each goes on its own
 * pooled HTTP/1.1 connection. For protocol tests no client library would let us write.
 */
public final class BoshHttpClient {
    public static final String NS = "http://jabber.org/protocol/httpbind";
    public static final String XBOSH = "urn:xmpp:xbosh";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(),
            XmlLimits.defaults().withMaxStanzaBytes(1 << 20));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    public BoshHttpClient(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/http-bind");
    }

    /** An HTTP answer; {@code body} is the parsed {@code <body/>} when the status is 200. */
    public record Reply(int status, String text, XmlElement body) {
        public String attribute(String name) {
            return body.attribute(name);
        }

        /** 'type' is terminate. */
        public boolean terminated() {
            return "terminate".equals(body.attribute("type"));
        }

        public String condition() {
            return body.attribute("condition");
        }

        public List<XmlElement> payload() {
            return body.elements();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** Posts {@code xml} as it is. */
    public CompletableFuture<Reply> post(String xml) {
        return post(xml.getBytes(StandardCharsets.UTF_8));
    }

    public CompletableFuture<Reply> post(byte[] bytes) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> new Reply(r.statusCode(), r.body(), r.statusCode() == 200 ? PARSER.parse(r.body())
                        : null));
    }

    /** Posts and waits for the answer (a held request waits up to its 'wait'). */
    public Reply exchange(String xml) throws Exception {
        return post(xml).get(TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
    }

    public HttpClient http() {
        return http;
    }

    public URI uri() {
        return uri;
    }

    /** Creates a session asking for {@code wait} and {@code hold}, with acknowledgements if {@code ack}. */
    public Session open(int wait, int hold) throws Exception {
        long rid = 1000 + (long) (Math.random() * 1_000_000);
        Reply created = exchange("<body xmlns='" + NS + "' xmlns:xmpp='" + XBOSH + "' content='text/xml;"
                + " charset=utf-8' to='localhost' xml:lang='en' xmpp:version='1.0' ver='1.11' wait='" + wait
                + "' hold='" + hold + "' rid='" + rid + "'/>");
        if (created.terminated() || created.attribute("sid") == null) {
            throw new AssertionError("session not created: " + created);
        }
        return new Session(created.attribute("sid"), rid + 1, created);
    }

    /** Attaches to a session created elsewhere (prebind). */
    public Session attach(String sid, long nextRid) {
        return new Session(sid, nextRid, null);
    }

    /** One session: its sid and the next rid, which each request takes. */
    public final class Session {
        private final String sid;
        private long rid;
        private final Reply creation;

        private Session(String sid, long rid, Reply creation) {
            this.sid = sid;
            this.rid = rid;
            this.creation = creation;
        }

        public String sid() {
            return sid;
        }

        public Reply creation() {
            return creation;
        }

        /** The rid the next request will take. */
        public long nextRid() {
            return rid;
        }

        /** Takes the next rid (for tests that send bodies out of order). */
        public long takeRid() {
            return rid++;
        }

        /** A body with this sid, the given rid, extra attributes and payload. */
        public String body(long r, String attributes, String payload) {
            String open = "<body xmlns='" + NS + "' xmlns:xmpp='" + XBOSH + "' sid='" + sid + "' rid='" + r + "'"
                    + (attributes.isEmpty() ? "" : " " + attributes);
            return payload.isEmpty() ? open + "/>" : open + ">" + payload + "</body>";
        }

        /** Sends {@code payload} with the next rid, without waiting. */
        public CompletableFuture<Reply> send(String payload) {
            return post(body(takeRid(), "", payload));
        }

        public CompletableFuture<Reply> send(String attributes, String payload) {
            return post(body(takeRid(), attributes, payload));
        }

        /** Sends and waits for the answer. */
        public Reply call(String payload) throws Exception {
            return send(payload).get(TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
        }

        public Reply call(String attributes, String payload) throws Exception {
            return send(attributes, payload).get(TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
        }

        /**
         * SASL PLAIN (the gateway trusts loopback as TLS), a restart, then binds {@code resource}; returns the
         * bound full JID. Sends no presence.
         */
        public String login(String user, String password, String resource) throws Exception {
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            Reply auth = call("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            require(auth, "success");
            Reply restarted = call("to='localhost' xml:lang='en' xmpp:restart='true'", "");
            require(restarted, "features");
            Reply bound = call("<iq xmlns='jabber:client' type='set' id='bind1'><bind"
                    + " xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>");
            XmlElement iq = require(bound, "iq");
            return iq.elements().get(0).elements().get(0).text();
        }

        /**
         * Sends empty requests (each held up to 'wait') until the answers together carry an element named
         * {@code name} whose XML contains {@code marker}; returns every element received meanwhile.
         */
        public List<XmlElement> pollUntil(String name, String marker, Duration timeout) throws Exception {
            List<XmlElement> seen = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Reply r = call("");
                if (r.terminated()) {
                    throw new AssertionError("session terminated while polling: " + r);
                }
                for (XmlElement e : r.payload()) {
                    seen.add(e);
                    if (e.name().equals(name) && e.toString().contains(marker)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("no <" + name + "> with '" + marker + "' within " + timeout + "; got " + seen);
        }

        /** Ends the session with {@code type='terminate'} carrying {@code payload}. */
        public Reply terminate(String payload) throws Exception {
            return call("type='terminate'", payload);
        }
    }

    private static XmlElement require(Reply reply, String name) {
        for (XmlElement e : reply.payload()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("expected <" + name + "> in " + reply);
    }
}
