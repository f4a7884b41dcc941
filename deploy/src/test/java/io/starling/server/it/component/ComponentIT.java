package io.starling.server.it.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.config.ComponentConfig;
import io.starling.core.jid.Jid;
import io.starling.server.testing.NodeScript;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * XEP-0114 components against a real server: an xmpp.js component ({@code component-scenario.mjs}) and raw-socket
 * components for the failure cases; members are Smack clients. After every failure case the members still chat.
 */
class ComponentIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NOTIFY = "notify.localhost";
    private static final String TRUSTED = "trusted.localhost";
    private static final String IDLE = "idle.localhost";
    private static final String SHARED = "shared.localhost";
    private static final String SECRET = "a-secret-of-16-chars-at-least";
    private static TestServer server;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        ComponentConfig plain = new ComponentConfig(SECRET, false);
        server = TestServer.start(config -> config.withCore(config.core().withComponents(Map.of(
                NOTIFY, plain, TRUSTED, new ComponentConfig(SECRET, true), IDLE, plain, SHARED, plain))));
        server.addUsers("alice", "bob", "carol", "dave", "erin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private XMPPTCPConnection member(String user) throws Exception {
        XMPPTCPConnection c = SmackClients.connect(server, user, "desk", "SCRAM-SHA-256");
        opened.add(c::disconnect);
        return c;
    }

    private static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> q.add((Message) s), StanzaTypeFilter.MESSAGE);
        return q;
    }

    private static Message chat(String to, String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    private static Message next(BlockingQueue<Message> inbox) throws InterruptedException {
        Message m = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("a message within %s", WAIT).isNotNull();
        return m;
    }

    private NodeScript script(String domain, String... args) {
        List<String> all = new ArrayList<>(List.of("--service", "xmpp://127.0.0.1:" + server.componentPort(),
                "--domain", domain, "--password", SECRET));
        all.addAll(List.of(args));
        NodeScript s = NodeScript.start("component-scenario.mjs", all);
        opened.add(s);
        return s;
    }

    /** Carol and dave exchange a message: the server is fine whatever a component did. */
    private void membersStillChat() throws Exception {
        XMPPTCPConnection carol = member("carol");
        XMPPTCPConnection dave = member("dave");
        BlockingQueue<Message> daveIn = inbox(dave);
        carol.sendStanza(chat("dave@localhost", "still here"));
        assertThat(next(daveIn).getBody()).isEqualTo("still here");
    }

    @Test
    void xmppJsComponent_receivesFromMember_notifiesOnlineAndOfflineMembers() throws Exception {
        XMPPTCPConnection alice = member("alice");
        BlockingQueue<Message> aliceIn = inbox(alice);
        NodeScript component = script(NOTIFY, "--send", "alice@localhost||note for alice",
                "--send", "bob@localhost||note for bob", "--expect", "hello component");

        assertThat(component.awaitEvent("online", WAIT).get("address").asText()).isEqualTo(NOTIFY);
        Message note = next(aliceIn);
        assertThat(note.getBody()).isEqualTo("note for alice");
        assertThat(note.getFrom().toString()).isEqualTo(NOTIFY);
        alice.sendStanza(chat("bot@" + NOTIFY, "hello component"));
        var received = component.awaitEvent("message", WAIT);
        assertThat(received.get("from").asText()).isEqualTo("alice@localhost/desk");
        assertThat(received.get("to").asText()).isEqualTo("bot@" + NOTIFY);
        component.awaitSuccess(WAIT);

        awaitStored("bob", 1);
        BlockingQueue<Message> bobIn = new LinkedBlockingQueue<>();
        XMPPTCPConnection bob = SmackClients.connectWith(server, "bob", "phone",
                c -> c.addAsyncStanzaListener(s -> bobIn.add((Message) s), StanzaTypeFilter.MESSAGE));
        opened.add(bob::disconnect);
        Message stored = next(bobIn);
        assertThat(stored.getBody()).isEqualTo("note for bob");
        assertThat(stored.getFrom().toString()).isEqualTo(NOTIFY);
        DelayInformation delay = DelayInformation.from(stored);
        assertThat(delay).as("XEP-0203 delay").isNotNull();
        assertThat(delay.getStamp().toInstant()).isBefore(Instant.now());
    }

    @Test
    void xmppJsComponent_spoofedFrom_getsInvalidFrom() throws Exception {
        XMPPTCPConnection alice = member("alice");
        BlockingQueue<Message> aliceIn = inbox(alice);
        NodeScript component = script(NOTIFY, "--send", "alice@localhost|bob@localhost|spoofed",
                "--expect-error", "invalid-from");

        assertThat(component.awaitEvent("stream-error", WAIT).get("condition").asText()).isEqualTo("invalid-from");
        component.awaitSuccess(WAIT);
        assertThat(aliceIn.poll(500, TimeUnit.MILLISECONDS)).as("the spoofed message is not delivered").isNull();
        membersStillChat();
    }

    @Test
    void trustedComponent_mayUseLocalAddresses() throws Exception {
        XMPPTCPConnection erin = member("erin");
        BlockingQueue<Message> erinIn = inbox(erin);
        RawComponent c = RawComponent.connect(server.componentPort(), TRUSTED, SECRET);
        opened.add(c);

        c.send("<message to='erin@localhost' from='notify@localhost' type='chat' id='t1'><body>from notify</body>"
                + "</message>");

        Message m = next(erinIn);
        assertThat(m.getBody()).isEqualTo("from notify");
        assertThat(m.getFrom().toString()).isEqualTo("notify@localhost");
    }

    @Test
    void wrongHandshake_isNotAuthorized() throws Exception {
        RawComponent c = RawComponent.open(server.componentPort(), NOTIFY);
        opened.add(c);
        c.awaitStreamId();

        c.handshake("0000000000000000000000000000000000000000");

        assertThat(c.awaitContains("</stream:stream>")).contains("<not-authorized");
        assertThat(c.awaitClosed()).isTrue();
        membersStillChat();
    }

    @Test
    void unknownDomain_isHostUnknown() throws Exception {
        RawComponent c = RawComponent.open(server.componentPort(), "nobody.localhost");
        opened.add(c);

        assertThat(c.awaitContains("</stream:stream>")).contains("<host-unknown");
        assertThat(c.awaitClosed()).isTrue();
        membersStillChat();
    }

    @Test
    void configuredButDisconnectedComponent_isServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = member("alice");
        BlockingQueue<Message> aliceIn = inbox(alice);

        alice.sendStanza(chat("bot@" + IDLE, "anyone there?"));

        Message error = next(aliceIn);
        assertThat(error.getType()).isEqualTo(Message.Type.error);
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        assertThat(error.getFrom().toString()).isEqualTo("bot@" + IDLE);
        membersStillChat();
    }

    @Test
    void twoConnections_shareTheLoad() throws Exception {
        RawComponent first = RawComponent.connect(server.componentPort(), SHARED, SECRET);
        opened.add(first);
        RawComponent second = RawComponent.connect(server.componentPort(), SHARED, SECRET);
        opened.add(second);
        XMPPTCPConnection alice = member("alice");

        for (int i = 0; i < 10; i++) {
            alice.sendStanza(MessageBuilder.buildMessage("s" + i).to(JidCreate.from("job@" + SHARED))
                    .ofType(Message.Type.chat).setBody("job " + i).build());
        }

        int atFirst = 0;
        int atSecond = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (atFirst + atSecond < 10 && System.nanoTime() < deadline) {
            first.pollQuietly();
            second.pollQuietly();
            atFirst = count(first.received(), "<body>job ");
            atSecond = count(second.received(), "<body>job ");
        }
        assertThat(atFirst + atSecond).isEqualTo(10);
        assertThat(atFirst).isEqualTo(5);
        assertThat(atSecond).isEqualTo(5);
    }

    @Test
    void serverDiscoItems_listComponents() throws Exception {
        XMPPTCPConnection alice = member("alice");

        DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverItems(JidCreate.domainBareFrom("localhost"));

        assertThat(items.getItems()).extracting(i -> i.getEntityID().toString())
                .contains(NOTIFY, TRUSTED, IDLE, SHARED);
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitStored(String user, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.storedOffline().count(Jid.of(user, "localhost", null)) < count) {
            assertThat(System.nanoTime()).as("%d stored for %s", count, user).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
