package io.starling.core.user;

import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;

/** Account names are JID localparts, stored in their normalised form. */
public final class Username {
    private Username() {
    }

    /**
     * The canonical form of {@code raw}: PRECIS UsernameCaseMapped, without the characters RFC 7622 §3.3.1
     * forbids, 1..1023 octets.
     *
     * @throws InvalidUsernameException if {@code raw} cannot be a localpart
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidUsernameException("empty username");
        }
        try {
            return Jid.of(raw, "localhost", null).local();
        } catch (JidFormatException e) {
            throw new InvalidUsernameException("invalid username: " + e.getMessage());
        }
    }
}
