package io.starling.server.it.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starling.gateway.notify.ApiKeyConfig;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** The notification API end to end: real server, PostgreSQL, Smack members, Java's HTTP client. */
class NotificationApiIT {
    static final String KEY = "notify-key-0123456789abcdef";
    static final String SLOW_KEY = "slow-key-0123456789abcdef";
    /** The offline quota per member (XEP-0160), small so that one test can fill it. */
    private static final int QUOTA = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        ProviderManager.addExtensionProvider("match", "urn:example:match", new AttributesProvider());
        ProviderManager.addExtensionProvider("store", "urn:xmpp:hints", new AttributesProvider());
        server = TestServer.start(c -> c.withOffline(c.offline().withQuota(QUOTA)).withGateway(c.gateway()
                .withApiKeys(Map.of(
                        "shop", new ApiKeyConfig(KEY, "notify@localhost, alerts@localhost", 1000),
                        "slow", new ApiKeyConfig(SLOW_KEY, "slow@localhost", 1)))));
        server.addUsers("alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivy", "jack", "kim");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlineRecipient_getsTheMessageWithItsPayload() throws Exception {
        Member alice = Member.login("alice");
        try {
            ObjectNode n = notification("alice", "chat", "Your match starts");
            n.put("payload", "<match xmlns='urn:example:match' id='42'/>");
            n.put("subject", "Match");
            n.put("thread", "t-42");
            HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()))
                    .isEqualTo(JSON.readTree("{\"results\":[{\"to\":\"alice@localhost\",\"outcome\":\"delivered\"}]}"));
            Message m = alice.next();
            assertThat(m.getFrom().toString()).isEqualTo("notify@localhost");
            assertThat(m.getType()).isEqualTo(Message.Type.chat);
            assertThat(m.getBody()).isEqualTo("Your match starts");
            assertThat(m.getSubject()).isEqualTo("Match");
            assertThat(m.getThread()).isEqualTo("t-42");
            assertThat(m.hasExtension("match", "urn:example:match")).isTrue();
            assertThat(((StandardExtensionElement) m.getExtensionElement("match", "urn:example:match"))
                    .getAttributeValue("id")).isEqualTo("42");
            assertThat(DelayInformation.from(m)).isNull();
        } finally {
            alice.close();
        }
    }

    @Test
    void offlineRecipient_getsAHeadlineAtLogin_withADelayStamp() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        ObjectNode n = notification("bob", "headline", "Scores are in");
        n.put("from", "alerts@localhost");
        HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/results/0/outcome").asText()).isEqualTo("stored");
        Member bob = Member.login("bob");
        try {
            Message m = bob.next();
            assertThat(m.getFrom().toString()).isEqualTo("alerts@localhost");
            assertThat(m.getType()).isEqualTo(Message.Type.headline);
            assertThat(m.getBody()).isEqualTo("Scores are in");
            DelayInformation delay = DelayInformation.from(m);
            assertThat(delay).isNotNull();
            assertThat(delay.getStamp().toInstant()).isBetween(before, Instant.now());
        } finally {
            bob.close();
        }
    }

    @Test
    void offlineQuotaFull_isRejectedServiceUnavailable_andTheStoredOnesArriveAtLogin() throws Exception {
        for (int i = 1; i <= QUOTA; i++) {
            assertThat(outcome(notification("jack", "chat", "n" + i))).isEqualTo("stored");
        }
        // XEP-0160 §2 step 3: the queue is full -> service-unavailable, reported instead of sent to 'from'.
        HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY,
                notification("jack", "chat", "one too many").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"results\":[{\"to\":\"jack@localhost\","
                + "\"outcome\":\"rejected\",\"reason\":\"service-unavailable\"}]}"));
        Member jack = Member.login("jack");
        try {
            for (int i = 1; i <= QUOTA; i++) {
                assertThat(jack.next().getBody()).isEqualTo("n" + i);
            }
            assertThat(jack.none(Duration.ofMillis(300))).isTrue();
        } finally {
            jack.close();
        }
    }

    @Test
    void recipientBlocksTheSender_isRejectedServiceUnavailable_andGetsNothing() throws Exception {
        Member kim = Member.login("kim");
        try {
            BlockingCommandManager.getInstanceFor(kim.connection())
                    .blockContacts(List.of(JidCreate.from("notify@localhost")));
            // XEP-0191 §3.3: a message from a blocked address -> service-unavailable.
            HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY,
                    notification("kim", "chat", "blocked").toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).at("/results/0/outcome").asText()).isEqualTo("rejected");
            assertThat(JSON.readTree(r.body()).at("/results/0/reason").asText()).isEqualTo("service-unavailable");
            // Another of the key's addresses is not blocked.
            ObjectNode other = notification("kim", "chat", "not blocked");
            other.put("from", "alerts@localhost");
            assertThat(outcome(other)).isEqualTo("delivered");
            assertThat(kim.next().getBody()).isEqualTo("not blocked");
            assertThat(kim.none(Duration.ofMillis(300))).isTrue();
        } finally {
            kim.close();
        }
    }

    @Test
    void batchWithAnUnknownMember_is404NamingIt_nobodyGetsIt_andTheKeyIsFree() throws Exception {
        ObjectNode n = notification("carol", "normal", "Hello all");
        n.putArray("to").add("carol").add("nobody@localhost").add("Carol@localhost").add("ghost");
        HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());

        expect(r, 404, "unknown-member");
        assertThat(JSON.readTree(r.body()).path("unknown"))
                .isEqualTo(JSON.readTree("[\"nobody@localhost\", \"ghost@localhost\"]"));
        Member carol = Member.login("carol");
        try {
            assertThat(carol.none(Duration.ofMillis(500))).as("nothing half-applied").isTrue();

            n.putArray("to").add("carol");
            HttpResponse<String> fixed = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());
            assertThat(fixed.statusCode()).as("the refused request freed its key").isEqualTo(200);
            assertThat(JSON.readTree(fixed.body())).isEqualTo(JSON.readTree("{\"results\":["
                    + "{\"to\":\"carol@localhost\",\"outcome\":\"delivered\"}]}"));
            assertThat(carol.next().getBody()).isEqualTo("Hello all");
            assertThat(carol.none(Duration.ofMillis(500))).isTrue();
        } finally {
            carol.close();
        }
    }

    @Test
    void invisibleMember_receivesTheNotification() throws Exception {
        PresenceClient ivy = PresenceClient.loginWithoutPresence(server, "ivy", "hidden");
        try {
            ivy.goInvisible(false); // XEP-0186 §3.1, before initial presence: never seen online
            ivy.sendPresence(Presence.Mode.available, null, 0);
            ivy.sync();

            HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY,
                    notification("ivy", "chat", "For your eyes only").toString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).at("/results/0/outcome").asText())
                    .as("the outcome tells the web application the member is online: never show it to others")
                    .isEqualTo("delivered");
            Message m = ivy.messages().poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            assertThat(m.getBody()).isEqualTo("For your eyes only");
            assertThat(DelayInformation.from(m)).isNull();
        } finally {
            ivy.close();
        }
    }

    @Test
    void sameIdempotencyKeyTwice_sameAnswer_oneDelivery_otherBodyConflicts() throws Exception {
        Member dave = Member.login("dave");
        try {
            ObjectNode n = notification("dave", "chat", "Once only");
            HttpResponse<String> first = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());
            HttpResponse<String> second = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
            assertThat(second.headers().firstValue("idempotent-replayed")).hasValue("true");
            assertThat(dave.next().getBody()).isEqualTo("Once only");

            n.put("body", "Something else");
            HttpResponse<String> conflict = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(problemType(conflict)).isEqualTo("urn:starling:problem:idempotency-conflict");
            assertThat(dave.none(Duration.ofMillis(500))).isTrue();
        } finally {
            dave.close();
        }
    }

    @Test
    void idempotencyKeys_surviveARestart() throws Exception {
        ObjectNode n = notification("hank", "chat", "Kept across restarts");
        HttpResponse<String> first = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        server = server.restart();
        HttpResponse<String> again = post(server.internalPort(), "/api/v1/notifications", KEY, n.toString());

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("idempotent-replayed")).hasValue("true");
        assertThat(JSON.readTree(again.body())).isEqualTo(JSON.readTree(first.body()));
        Member hank = Member.login("hank");
        try {
            assertThat(hank.next().getBody()).isEqualTo("Kept across restarts");
            assertThat(hank.none(Duration.ofMillis(500))).isTrue();
        } finally {
            hank.close();
        }
    }

    @Test
    void everyBadInput_isRefused_andNothingIsDelivered() throws Exception {
        Member erin = Member.login("erin");
        try {
            String ok = notification("erin", "chat", "x").toString();
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, "{\"to\":"), 400, "malformed-json");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, "[1]"), 400, "bad-request");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "to", "@localhost")), 400,
                    "invalid-jid");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "to", "erin@example.org")),
                    400, "invalid-jid");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "to", "nobody")), 404,
                    "unknown-member");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "type", "groupchat")), 400,
                    "bad-type");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY,
                    with(ok, "payload", "<a xmlns='urn:x'/><b xmlns='urn:x'/>")), 400, "invalid-payload");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY,
                    with(ok, "payload", "<!DOCTYPE a [<!ENTITY e 'boom'>]><a xmlns='urn:x'>&e;</a>")), 400,
                    "invalid-payload");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "payload", "<a>")), 400,
                    "invalid-payload");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY,
                    with(ok, "payload", "<a xmlns='urn:x'>" + "p".repeat(17_000) + "</a>")), 413,
                    "payload-too-large");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "body", "b".repeat(70_000))),
                    413, "too-large");
            assertThat(post(server.internalPort(), "/api/v1/notifications", KEY,
                    with(ok, "body", "b".repeat(400_000))).statusCode()).isEqualTo(413);
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "idempotency_key", null)),
                    400, "bad-request");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "colour", "red")), 400,
                    "bad-request");
            expect(post(server.internalPort(), "/api/v1/notifications", "wrong-key-0123456789abcdef", ok), 401,
                    "unauthorized");
            expect(post(server.internalPort(), "/api/v1/notifications", null, ok), 401, "unauthorized");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "from", "admin@localhost")),
                    403, "from-not-allowed");
            expect(post(server.internalPort(), "/api/v1/notifications", KEY, with(ok, "from", "a@@b")), 400,
                    "invalid-jid");

            HttpResponse<String> marker = post(server.internalPort(), "/api/v1/notifications", KEY,
                    notification("erin", "chat", "marker").toString());
            assertThat(marker.statusCode()).isEqualTo(200);
            assertThat(erin.next().getBody()).isEqualTo("marker");
        } finally {
            erin.close();
        }
    }

    @Test
    void overTheRate_is429WithRetryAfter() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = post(server.internalPort(), "/api/v1/notifications", SLOW_KEY, "{}");
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(problemType(last)).isEqualTo("urn:starling:problem:rate-limited");
        assertThat(last.headers().firstValue("retry-after")).hasValue("1");
    }

    @Test
    void notServedOnThePublicListener() throws Exception {
        String ok = notification("erin", "chat", "x").toString();
        assertThat(post(server.httpPort(), "/api/v1/notifications", KEY, ok).statusCode()).isEqualTo(404);
        assertThat(post(server.httpPort(), "/api/v1/stanzas", KEY, "<message to='erin@localhost'/>").statusCode())
                .isEqualTo(404);
    }

    @Test
    void rawStanza_isRouted() throws Exception {
        Member frank = Member.login("frank");
        try {
            HttpResponse<String> r = post(server.internalPort(), "/api/v1/stanzas", KEY,
                    "<message to='frank@localhost' type='chat' id='raw1'><body>raw one</body></message>");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(JSON.readTree(r.body()).path("outcome").asText()).isEqualTo("routed");
            Message m = frank.next();
            assertThat(m.getBody()).isEqualTo("raw one");
            assertThat(m.getFrom().toString()).isEqualTo("notify@localhost");

            r = post(server.internalPort(), "/api/v1/stanzas", KEY, "<message xmlns='jabber:client'"
                    + " from='alerts@localhost/bot' to='frank@localhost'><body>raw two</body></message>");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(frank.next().getFrom().toString()).isEqualTo("alerts@localhost/bot");
        } finally {
            frank.close();
        }
    }

    @Test
    void rawStanza_sameIdempotencyKeyTwice_sameAnswer_oneDelivery_otherBodyConflicts() throws Exception {
        Member frank = Member.login("frank");
        try {
            String stanza = "<message to='frank@localhost' type='chat'><body>raw once</body></message>";
            String idempotencyKey = UUID.randomUUID().toString();
            HttpResponse<String> first = postStanza(stanza, idempotencyKey);
            HttpResponse<String> second = postStanza(stanza, idempotencyKey);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(first.headers().firstValue("idempotent-replayed")).isEmpty();
            assertThat(second.statusCode()).isEqualTo(202);
            assertThat(second.headers().firstValue("idempotent-replayed")).hasValue("true");
            assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
            assertThat(frank.next().getBody()).isEqualTo("raw once");

            expect(postStanza(stanza.replace("once", "twice"), idempotencyKey), 409, "idempotency-conflict");
            expect(postStanza(stanza, ""), 400, "bad-request");
            assertThat(frank.none(Duration.ofMillis(500))).isTrue();
        } finally {
            frank.close();
        }
    }

    @Test
    void rawStanza_badInputs_areRefused_andNothingIsDelivered() throws Exception {
        Member gina = Member.login("gina");
        try {
            String path = "/api/v1/stanzas";
            expect(post(server.internalPort(), path, KEY, "<message to='gina@localhost'><body>x</body>"), 400,
                    "malformed-xml");
            expect(post(server.internalPort(), path, KEY, "<message to='gina@localhost'/><message/>"), 400,
                    "malformed-xml");
            expect(post(server.internalPort(), path, KEY, "<foo to='gina@localhost'/>"), 400, "not-a-stanza");
            expect(post(server.internalPort(), path, KEY,
                    "<message xmlns='jabber:server' to='gina@localhost'/>"), 400, "not-a-stanza");
            expect(post(server.internalPort(), path, KEY, "<message><body>x</body></message>"), 400,
                    "bad-request");
            expect(post(server.internalPort(), path, KEY, "<message to='@localhost'><body>x</body></message>"), 400,
                    "invalid-jid");
            expect(post(server.internalPort(), path, KEY,
                    "<message from='gina@localhost' to='gina@localhost'><body>x</body></message>"), 403,
                    "from-not-allowed");
            expect(post(server.internalPort(), path, KEY, "<message to='gina@localhost'><body>"
                    + "x".repeat(300_000) + "</body></message>"), 413, null);
            expect(post(server.internalPort(), path, "wrong-key-0123456789abcdef",
                    "<message to='gina@localhost'><body>x</body></message>"), 401, "unauthorized");
            expect(send(server.internalPort(), path, KEY, "text/plain",
                    "<message to='gina@localhost'><body>x</body></message>"), 415, "unsupported-media-type");

            assertThat(post(server.internalPort(), path, KEY,
                    "<message to='gina@localhost'><body>marker</body></message>").statusCode()).isEqualTo(202);
            assertThat(gina.next().getBody()).isEqualTo("marker");
        } finally {
            gina.close();
        }
    }

    private static ObjectNode notification(String to, String type, String body) {
        ObjectNode n = JSON.createObjectNode();
        n.put("to", to);
        n.put("type", type);
        n.put("body", body);
        n.put("idempotency_key", UUID.randomUUID().toString());
        return n;
    }

    /** {@code json} with one field set (or removed, for null) and a fresh idempotency key. */
    private static String with(String json, String field, String value) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(json);
        n.put("idempotency_key", UUID.randomUUID().toString());
        if (value == null) {
            n.remove(field);
        } else {
            n.put(field, value);
        }
        return n.toString();
    }

    /** Posts the notification to one recipient and answers its outcome. */
    private static String outcome(ObjectNode notification) throws Exception {
        HttpResponse<String> r = post(server.internalPort(), "/api/v1/notifications", KEY, notification.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/0/outcome").asText();
    }

    private static void expect(HttpResponse<String> r, int status, String problem) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (problem != null) {
            assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(problemType(r)).isEqualTo("urn:starling:problem:" + problem);
        }
    }

    static HttpResponse<String> post(int port, String path, String key, String body) throws Exception {
        return send(port, path, key, path.endsWith("stanzas") ? "application/xml" : "application/json", body);
    }

    static HttpResponse<String> send(int port, String path, String key, String contentType, String body)
            throws Exception {
        return http.send(request(port, path, key, contentType, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postStanza(String stanza, String idempotencyKey) throws Exception {
        HttpRequest r = request(server.internalPort(), "/api/v1/stanzas", KEY, "application/xml", stanza)
                .header("Idempotency-Key", idempotencyKey).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path, String key, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    private static String problemType(HttpResponse<String> r) throws Exception {
        JsonNode node = JSON.readTree(r.body());
        return node.path("type").asText();
    }

    /** A member's Smack session and every message it receives, in order. */
    private record Member(XMPPTCPConnection connection, BlockingQueue<Message> received) {
        static Member login(String user) throws Exception {
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            XMPPTCPConnection c = SmackClients.connectWith(server, user, "app",
                    conn -> conn.addStanzaListener(s -> received.add((Message) s), StanzaTypeFilter.MESSAGE));
            return new Member(c, received);
        }

        Message next() throws InterruptedException {
            Message m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            return m;
        }

        boolean none(Duration wait) throws InterruptedException {
            return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
        }

        void close() {
            SmackClients.disconnectCleanly(connection);
        }
    }

    /** Reads an extension element with its attributes (Smack's fallback parser chokes on a default namespace). */
    private static final class AttributesProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
            StandardExtensionElement.Builder b = StandardExtensionElement.builder(parser.getName(),
                    parser.getNamespace());
            for (int i = 0; i < parser.getAttributeCount(); i++) {
                b.addAttribute(parser.getAttributeName(i), parser.getAttributeValue(i));
            }
            while (!(parser.next() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth)) {
                // skip to the end of the element
            }
            return b.build();
        }
    }
}
