-- Idempotency of the notification API: one row per (API key name, idempotency key), claimed before the
-- notification is sent and completed with the answer, so a retry gets the same answer and nothing is sent twice.
-- Rows older than 24 hours are purged; after that a key may be reused.
CREATE TABLE notification_requests (
    api_key         text COLLATE "C" NOT NULL,  -- the entry's name under gateway.api-keys, never the secret
    idempotency_key text COLLATE "C" NOT NULL,
    fingerprint     text NOT NULL,              -- SHA-256 of the normalised request: another body is a conflict
    response        text,                       -- the JSON answer; null while the request is being handled
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (api_key, idempotency_key)
);

-- The purge of expired rows.
CREATE INDEX notification_requests_created_at ON notification_requests (created_at);
