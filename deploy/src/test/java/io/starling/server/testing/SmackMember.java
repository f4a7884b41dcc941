package io.starling.server.testing;

import java.util.HashMap;
import java.util.Map;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * One logged-in Smack session of a member, set up for subscription tests: Smack's roster answers no subscription
 * request by itself ({@link Roster.SubscriptionMode#manual}), and every presence received is kept in an
 * {@link PresenceInbox} from before login on.
 *
 * <p>Roster items are described as short strings so that tables can state them: {@value #ABSENT}, or the
 * 'subscription' value followed by {@code " ask"} for ask='subscribe' and {@code " approved"} for approved='true',
 * e.g. {@code "none ask"}, {@code "to approved"}.
 */
public final class SmackMember implements AutoCloseable {
    public static final String ABSENT = "absent";

    private final XMPPTCPConnection connection;
    private final EntityBareJid jid;
    private final PresenceInbox inbox;

    private SmackMember(XMPPTCPConnection connection, EntityBareJid jid, PresenceInbox inbox) {
        this.connection = connection;
        this.jid = jid;
        this.inbox = inbox;
    }

    public static SmackMember connect(TestServer server, String user, String resource) throws Exception {
        return connect(server, user, resource, true);
    }

    /** With {@code requestRoster} false, Smack does not ask for the roster at login (nor later, unless told). */
    public static SmackMember connect(TestServer server, String user, String resource, boolean requestRoster)
            throws Exception {
        PresenceInbox[] inbox = new PresenceInbox[1];
        XMPPTCPConnection c = SmackClients.connectWith(server, user, resource, conn -> {
            Roster roster = Roster.getInstanceFor(conn);
            roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
            roster.setRosterLoadedAtLogin(requestRoster);
            inbox[0] = PresenceInbox.of(conn);
        });
        return new SmackMember(c, JidCreate.entityBareFrom(user + "@" + TestServer.DOMAIN), inbox[0]);
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    public EntityBareJid jid() {
        return jid;
    }

    public PresenceInbox inbox() {
        return inbox;
    }

    public Roster roster() {
        return Roster.getInstanceFor(connection);
    }

    /** Sends a presence of {@code type} (a subscription stanza, usually) to {@code to}'s bare JID. */
    public void send(Presence.Type type, SmackMember to) throws Exception {
        send(type, to.jid);
    }

    public void send(Presence.Type type, Jid to) throws Exception {
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(to).build());
    }

    /**
     * Asks the server for the roster. Also a barrier: the server handles a session's stanzas and a member's
     * presence work in order, so everything this session sent before has been processed when the answer comes.
     */
    public Map<BareJid, RosterPacket.Item> fetchRoster() throws Exception {
        RosterPacket result = connection.sendIqRequestAndWaitForResponse(new RosterPacket());
        Map<BareJid, RosterPacket.Item> items = new HashMap<>();
        for (RosterPacket.Item item : result.getRosterItems()) {
            items.put(item.getJid(), item);
        }
        return items;
    }

    /** The item for {@code contact} in Smack's roster, as built from the roster result and the pushes since. */
    public String cachedView(SmackMember contact) {
        RosterEntry e = roster().getEntry(contact.jid);
        return e == null ? ABSENT : view(e.getType(), e.isSubscriptionPending(), e.isApproved());
    }

    /** The item for {@code contact} in a roster the server returned. */
    public static String view(Map<BareJid, RosterPacket.Item> roster, SmackMember contact) {
        return view(roster, contact.jid);
    }

    public static String view(Map<BareJid, RosterPacket.Item> roster, BareJid contact) {
        RosterPacket.Item i = roster.get(contact);
        return i == null ? ABSENT : view(i.getItemType(), i.isSubscriptionPending(), i.isApproved());
    }

    private static String view(RosterPacket.ItemType type, boolean ask, boolean approved) {
        return type.name() + (ask ? " ask" : "") + (approved ? " approved" : "");
    }

    /** Whether Smack's roster currently shows {@code contact} available (any resource). */
    public boolean seesAvailable(SmackMember contact) {
        return roster().getPresence(contact.jid).isAvailable();
    }

    @Override
    public void close() {
        SmackClients.disconnectCleanly(connection);
    }
}
