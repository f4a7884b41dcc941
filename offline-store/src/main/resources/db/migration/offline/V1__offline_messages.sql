-- Offline messages (XEP-0160): messages to a member with no available resource, kept until the member's next
-- initial presence, which takes (deletes) them all and delivers them in id order.
-- owner holds Jid.toString() of the recipient's normalised bare JID (RFC 7622), compared byte for byte
-- (COLLATE "C"), like users.username in core V1 and roster_items.owner in presence V1.
CREATE TABLE offline_messages (
    id        bigserial PRIMARY KEY,            -- arrival order: a member's messages are delivered by ascending id
    owner     text COLLATE "C" NOT NULL,        -- the recipient's bare JID
    stanza    text NOT NULL,                    -- the message as it will be delivered: serialized XML, <delay/> added
    stored_at timestamptz NOT NULL              -- when it was stored (also the XEP-0203 stamp)
);

-- The take at login (DELETE ... WHERE owner = ?), in id order.
CREATE INDEX offline_messages_owner_id ON offline_messages (owner, id);

-- How many messages each member keeps, for the quota: written in the same transaction as offline_messages, so
-- checking the quota reads one row instead of counting a mailbox that may hold thousands. The row is also the
-- member's lock: a store locks it (INSERT ... ON CONFLICT DO UPDATE) before counting, a take deletes it before
-- taking, so concurrent writers for one member are serialised. No row means nothing kept.
CREATE TABLE offline_counts (
    owner  text COLLATE "C" PRIMARY KEY,        -- the member's bare JID
    stored integer NOT NULL CHECK (stored >= 0)
);
