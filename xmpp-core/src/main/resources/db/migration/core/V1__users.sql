-- Accounts and their SCRAM credentials (RFC 5802 §3, RFC 7677). No plaintext or reversible form of a password
-- is ever stored: only the salt, the iteration count and StoredKey/ServerKey, from which a password cannot be
-- recovered short of a brute-force search.

CREATE TABLE users (
    username   text COLLATE "C" PRIMARY KEY,         -- JID localpart, PRECIS UsernameCaseMapped (RFC 7622 §3.3)
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scram_credentials (
    username   text COLLATE "C" NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    hash       text        NOT NULL CHECK (hash IN ('SHA-1', 'SHA-256')),
    salt       bytea       NOT NULL CHECK (octet_length(salt) >= 8),
    iterations integer     NOT NULL CHECK (iterations >= 4096),  -- RFC 7677 §4: at least 4096
    stored_key bytea       NOT NULL,
    server_key bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (username, hash)
);
