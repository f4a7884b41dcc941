-- Rosters (RFC 6121 §2), their versions (XEP-0237) and block lists (XEP-0191).
-- Every JID column holds Jid.toString() of an already normalised JID (RFC 7622), compared byte for byte
-- (COLLATE "C"), like users.username in core V1.

-- One row per contact of a member, listed or not (an unlisted row is a pending inbound request, RFC 6121 §3.1.3).
-- The subscription state is stored whole, as the name of the Java enum
-- io.starling.presence.roster.SubscriptionState (RFC 6121 Appendix A.1), rather than as subscription + ask +
-- pending-in columns: the CHECK below then admits exactly the nine legal states, where three columns would need
-- a second CHECK to exclude "to + pending out" and friends. Renaming an enum constant needs a migration.
CREATE TABLE roster_items (
    owner    text COLLATE "C" NOT NULL,                 -- the member's bare JID
    contact  text COLLATE "C" NOT NULL CHECK (strpos(contact, '/') = 0),  -- a bare JID (§2.1.2.3)
    name     text,                                      -- the member's handle for the contact (§2.1.2.4), or null
    groups   text[] NOT NULL DEFAULT '{}'               -- sorted; no null, no empty name (§2.1.2.6, §2.3.3)
             CHECK (array_position(groups, NULL) IS NULL AND array_position(groups, '') IS NULL),
    state    text NOT NULL CHECK (state IN ('NONE', 'NONE_PENDING_OUT', 'NONE_PENDING_IN', 'NONE_PENDING_OUT_IN',
                                            'TO', 'TO_PENDING_IN', 'FROM', 'FROM_PENDING_OUT', 'BOTH')),
    approved boolean NOT NULL,                          -- subscription pre-approved (§2.1.2.1, §3.4)
    listed   boolean NOT NULL,                          -- shown in the roster the member sees
    PRIMARY KEY (owner, contact)
);

-- The roster version (XEP-0237) of a member: bumped in the same transaction as every write to roster_items,
-- and kept when the roster is emptied so that a re-created account never repeats a version a client has cached.
CREATE TABLE roster_versions (
    owner   text COLLATE "C" PRIMARY KEY,              -- the member's bare JID
    version bigint NOT NULL CHECK (version > 0)
);

-- Blocked JIDs of a member (XEP-0191): full, bare or domain JIDs, matched as XEP-0191 §3.3 says.
CREATE TABLE block_list (
    owner   text COLLATE "C" NOT NULL,                 -- the member's bare JID
    blocked text COLLATE "C" NOT NULL,
    PRIMARY KEY (owner, blocked)
);
