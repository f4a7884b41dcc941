-- Subscription requests a member has not answered yet, kept whole (RFC 6121 §3.1.3: the contact's server keeps
-- the request and delivers it again when the contact next comes online; the complete stanza, so that its <status/>
-- and a XEP-0172 <nick/> survive). One row per pending request: the subscription state itself stays in
-- roster_items (NONE_PENDING_IN and friends); a pending item without a row here is delivered as a bare
-- <presence type='subscribe'/>, and a row whose item is no longer pending is ignored and overwritten by the next
-- request. JID columns hold Jid.toString() of normalised JIDs, compared byte for byte, as in V1.
CREATE TABLE subscription_requests (
    owner       text COLLATE "C" NOT NULL,            -- the member asked, a bare JID
    requester   text COLLATE "C" NOT NULL CHECK (strpos(requester, '/') = 0),  -- who asked, a bare JID
    stanza      text NOT NULL,                        -- the subscribe presence as routed, serialised XML
    received_at timestamptz NOT NULL,                 -- when it arrived (the XEP-0203 stamp at redelivery)
    PRIMARY KEY (owner, requester)
);
