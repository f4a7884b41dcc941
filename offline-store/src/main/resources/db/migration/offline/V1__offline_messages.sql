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

-- Every query is by owner: the quota count, the take at login (DELETE ... RETURNING), in id order.
CREATE INDEX offline_messages_owner_id ON offline_messages (owner, id);
