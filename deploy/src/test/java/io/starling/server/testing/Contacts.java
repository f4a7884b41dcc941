package io.starling.server.testing;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jxmpp.jid.BareJid;
import io.starling.core.testing.Await;

/**
 * Presence subscriptions set up the way a user would, through Smack's roster API, with both members online and
 * accepting every request ({@link Roster.SubscriptionMode#accept_all}).
 */
public final class Contacts {
    private Contacts() {
    }

    /** Makes the two members mutual contacts (subscription 'both') and waits until both rosters say so. */
    public static void makeMutual(XMPPConnection a, XMPPConnection b) throws Exception {
        Roster ra = acceptingAll(a);
        Roster rb = acceptingAll(b);
        BareJid aj = a.getUser().asBareJid();
        BareJid bj = b.getUser().asBareJid();
        ra.createItemAndRequestSubscription(bj, null, null);
        rb.createItemAndRequestSubscription(aj, null, null);
        Await.until(aj + " and " + bj + " subscribed both ways",
                () -> is(ra.getEntry(bj), ItemType.both) && is(rb.getEntry(aj), ItemType.both));
    }

    /** {@code subscriber} subscribes to {@code contact}'s presence, one way only ('to' on its side). */
    public static void subscribe(XMPPConnection subscriber, XMPPConnection contact) throws Exception {
        Roster rs = acceptingAll(subscriber);
        Roster rc = acceptingAll(contact);
        BareJid sj = subscriber.getUser().asBareJid();
        BareJid cj = contact.getUser().asBareJid();
        rs.createItemAndRequestSubscription(cj, null, null);
        Await.until(sj + " subscribed to " + cj,
                () -> is(rs.getEntry(cj), ItemType.to) && is(rc.getEntry(sj), ItemType.from));
    }

    private static Roster acceptingAll(XMPPConnection c) throws Exception {
        Roster r = Roster.getInstanceFor(c);
        r.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        // Smack loads the roster asynchronously after login; a roster push that races the initial roster result can
        // be overwritten by it (the suspected cause of BoshIT timing out here), so subscribe once the roster is loaded.
        if (!r.isLoaded()) {
            r.reloadAndWait();
        }
        return r;
    }

    private static boolean is(RosterEntry entry, ItemType type) {
        return entry != null && entry.getType() == type;
    }
}
