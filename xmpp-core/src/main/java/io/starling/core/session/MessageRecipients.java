package io.starling.core.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a member's sessions take a message sent to the bare JID (RFC 6121 §8.5.2.1.1): a headline goes to every
 * available resource with non-negative priority; any other message to the available resources sharing the highest
 * non-negative priority. Empty when none qualifies (then the message is the delivery fallback's).
 */
public final class MessageRecipients {
    private MessageRecipients() {
    }

    /**
     * @param sessions the member's sessions
     * @param type     the message's type attribute, or null
     */
    public static List<Session> of(List<Session> sessions, String type) {
        boolean headline = "headline".equals(type);
        int best = -1;
        List<Session> out = new ArrayList<>(2);
        for (Session s : sessions) {
            PresenceState p = s.presence();
            if (!p.available() || p.priority() < 0 || (!headline && p.priority() < best)) {
                continue;
            }
            if (!headline && p.priority() > best) {
                best = p.priority();
                out.clear();
            }
            out.add(s);
        }
        return out;
    }
}
