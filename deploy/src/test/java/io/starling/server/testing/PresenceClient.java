package io.starling.server.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A Smack member connection for presence tests: a {@link PresenceLog} that records from before login, and short
 * ways to send broadcast, directed and invisibility commands.
 */
public final class PresenceClient implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final PresenceLog presences;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    private PresenceClient(XMPPTCPConnection connection, PresenceLog presences) {
        this.connection = connection;
        this.presences = presences;
        connection.addStanzaListener(s -> messages.add((Message) s), StanzaTypeFilter.MESSAGE);
    }

    /** Logs in with initial presence and returns once the server has handled it. */
    public static PresenceClient login(TestServer server, String user, String resource) throws Exception {
        return open(server, user, resource, true);
    }

    /** Logs in and binds without initial presence: connected but unavailable (RFC 6121 §4.2). */
    public static PresenceClient loginWithoutPresence(TestServer server, String user, String resource)
            throws Exception {
        return open(server, user, resource, false);
    }

    private static PresenceClient open(TestServer server, String user, String resource, boolean initialPresence)
            throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(SmackClients.builder(server, user, TestServer.PASSWORD, resource,
                null).setSendPresence(initialPresence).build());
        PresenceClient client = new PresenceClient(c, PresenceLog.of(c));
        c.connect();
        c.login();
        client.sync();
        return client;
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    public PresenceLog presences() {
        return presences;
    }

    /** Every message received since before login, errors included. */
    public BlockingQueue<Message> messages() {
        return messages;
    }

    public Roster roster() {
        return Roster.getInstanceFor(connection);
    }

    /** The full JID, e.g. {@code ann@localhost/desk}. */
    public String jid() {
        return connection.getUser().toString();
    }

    /** The bare JID as a string. */
    public String bare() {
        return connection.getUser().asBareJid().toString();
    }

    public BareJid bareJid() {
        return connection.getUser().asBareJid();
    }

    /** Broadcast available presence (RFC 6121 §4.2, §4.4). */
    public void sendPresence(Presence.Mode mode, String status, int priority) throws Exception {
        connection.sendStanza(available(mode, status).setPriority(priority).build());
    }

    /** Directed available presence (RFC 6121 §4.6). */
    public void sendDirected(String to, Presence.Mode mode, String status) throws Exception {
        connection.sendStanza(available(mode, status).to(JidCreate.from(to)).build());
    }

    /** A presence of another type to someone, e.g. a subscription request or a probe. */
    public void sendPresenceOfType(String to, Presence.Type type) throws Exception {
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().ofType(type)
                .to(JidCreate.from(to)).build());
    }

    /** A chat message. */
    public void sendChat(String to, String body) throws Exception {
        connection.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat)
                .setBody(body).build());
    }

    public void send(Stanza stanza) throws Exception {
        connection.sendStanza(stanza);
    }

    /** XEP-0186 {@code urn:xmpp:invisible:1}; waits for the result. */
    public void goInvisible(boolean probe) throws Exception {
        connection.sendIqRequestAndWaitForResponse(InvisibilityCommand.invisible(probe));
    }

    /** XEP-0186 {@code urn:xmpp:invisible:0}; waits for the result. */
    public void goInvisibleLegacy() throws Exception {
        connection.sendIqRequestAndWaitForResponse(InvisibilityCommand.legacyInvisible());
    }

    /** XEP-0186 {@code <visible/>}; waits for the result. */
    public void goVisible() throws Exception {
        connection.sendIqRequestAndWaitForResponse(InvisibilityCommand.visible());
    }

    /** XEP-0186 {@code <visible xmlns='urn:xmpp:invisible:0'/>}; waits for the result. */
    public void goVisibleLegacy() throws Exception {
        connection.sendIqRequestAndWaitForResponse(InvisibilityCommand.legacyVisible());
    }

    /** Pings the server: a stream's stanzas are handled in order, so those sent before have reached the server. */
    public void sync() throws Exception {
        if (!PingManager.getInstanceFor(connection).pingMyServer()) {
            throw new AssertionError(jid() + ": the server did not answer a ping");
        }
    }

    /** Drops the connection: the socket goes away and no unavailable presence is sent. */
    public void drop() {
        connection.instantShutdown();
    }

    /** Logs out: unavailable presence, then the stream close. */
    @Override
    public void close() {
        if (connection.isConnected()) {
            connection.disconnect();
        }
    }

    private PresenceBuilder available(Presence.Mode mode, String status) {
        PresenceBuilder b = connection.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available)
                .setMode(mode);
        if (status != null) {
            b.setStatus(status);
        }
        return b;
    }
}
