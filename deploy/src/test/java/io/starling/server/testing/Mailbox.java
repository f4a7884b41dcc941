package io.starling.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.jid.Jid;
import io.starling.core.testing.Await;

/**
 * A member's Smack session for offline-message and durability tests: every message it receives, from the first one
 * after login (the stored ones come right after initial presence), in arrival order; and what the server's offline
 * table holds for a member.
 */
public final class Mailbox implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final BlockingQueue<Message> received;

    private Mailbox(XMPPTCPConnection connection, BlockingQueue<Message> received) {
        this.connection = connection;
        this.received = received;
    }

    /** Logs in with initial presence; the listener is in place before the presence goes out. */
    public static Mailbox login(TestServer server, String user, String resource) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        XMPPTCPConnection c = SmackClients.connectWith(server, user, resource,
                conn -> conn.addStanzaListener(s -> received.add((Message) s), StanzaTypeFilter.MESSAGE));
        return new Mailbox(c, received);
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    public String jid() {
        return connection.getUser().toString();
    }

    public void send(Message message) throws Exception {
        connection.sendStanza(message);
    }

    public void sendChat(String to, String body) throws Exception {
        send(message(to, Message.Type.chat, body));
    }

    public static Message message(String to, Message.Type type, String body, ExtensionElement... extensions)
            throws Exception {
        return message(null, to, type, body, extensions);
    }

    /** With {@code id} as the stanza id (error replies carry it back), or a generated one if null. */
    public static Message message(String id, String to, Message.Type type, String body,
                                  ExtensionElement... extensions) throws Exception {
        MessageBuilder b = (id == null ? MessageBuilder.buildMessage() : MessageBuilder.buildMessage(id))
                .to(JidCreate.from(to)).ofType(type);
        if (body != null) {
            b.setBody(body);
        }
        for (ExtensionElement e : extensions) {
            b.addExtension(e);
        }
        return b.build();
    }

    /** The next {@code n} messages, waiting up to 10 s for them. */
    public List<Message> next(int n) throws InterruptedException {
        List<Message> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out.size() < n) {
            Message m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("expected " + n + " messages, got " + out.size() + ": " + bodies(out));
            }
            out.add(m);
        }
        return out;
    }

    /**
     * The next messages carry exactly these bodies, in this order, each with a XEP-0203 {@code <delay/>} (it came
     * from offline storage), and nothing follows them within 300 ms: every one arrived, in order, once.
     */
    public List<Message> expectStored(List<String> bodies) throws InterruptedException {
        List<Message> got = next(bodies.size());
        assertThat(bodies(got)).containsExactlyElementsOf(bodies);
        assertThat(got).allSatisfy(m -> assertThat(DelayInformation.from(m)).as("delay on %s", m.getBody())
                .isNotNull());
        Message extra = nextWithin(Duration.ofMillis(300));
        assertThat(extra).as("a message after the stored ones").isNull();
        return got;
    }

    /** Nothing more arrives within {@code quiet}. */
    public Message nextWithin(Duration quiet) throws InterruptedException {
        return received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    /** Waits until the server's table holds exactly {@code n} messages for {@code user}. */
    public static void awaitStored(TestServer server, String user, int n) {
        Jid bare = Jid.parse(user + "@" + TestServer.DOMAIN);
        Await.until(n + " messages stored for " + user, () -> server.storedOffline().count(bare) == n);
    }

    public static int stored(TestServer server, String user) {
        return server.storedOffline().count(Jid.parse(user + "@" + TestServer.DOMAIN));
    }

    @Override
    public void close() {
        if (connection.isConnected()) {
            SmackClients.disconnectCleanly(connection);
        }
    }
}
