-- Merchants as the compacted merchants topic last described them (applied only when updatedAt is newer).
CREATE TABLE merchant (
    merchant_id       text PRIMARY KEY,
    name              text,
    deleted           boolean     NOT NULL DEFAULT false,
    config_updated_at timestamptz NOT NULL,
    applied_at        timestamptz NOT NULL
);

-- hex SHA-256 of the merchant's live API keys: how the merchant API authenticates.
CREATE TABLE merchant_api_key (
    key_hash    text PRIMARY KEY,
    merchant_id text NOT NULL REFERENCES merchant (merchant_id)
);
CREATE INDEX merchant_api_key_merchant ON merchant_api_key (merchant_id);

-- A merchant's webhook endpoint, with a stable ep_ id. Secrets stay sealed (SecretBox) at rest.
CREATE TABLE endpoint (
    id                text PRIMARY KEY,
    merchant_id       text        NOT NULL UNIQUE REFERENCES merchant (merchant_id),
    url               text,
    format            text        NOT NULL CHECK (format IN ('standard', 'dromon')),
    secrets_sealed    text[]      NOT NULL DEFAULT '{}',
    app_secret_sealed text,
    event_types       text[]      NOT NULL,
    enabled           boolean     NOT NULL,
    disabled_reason   text CHECK (disabled_reason IN ('gone', 'failing', 'unconfigured', 'merchant_deleted')),
    disabled_at       timestamptz,
    -- first failure since the last success; cleared by a 2xx
    failing_since     timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CONSTRAINT endpoint_enabled_has_url CHECK (NOT enabled OR url IS NOT NULL)
);

-- One row per consumed event (msg_), the bodies rendered once so every attempt sends the same bytes.
CREATE TABLE message (
    id            text PRIMARY KEY,
    event_id      text        NOT NULL UNIQUE,
    event_type    text        NOT NULL,
    merchant_id   text        NOT NULL,
    intent_id     text,
    occurred_at   timestamptz NOT NULL,
    body_standard text        NOT NULL,
    body_dromon   text,
    -- the merchant was unknown when the event arrived; adopted once its configuration does
    orphan        boolean     NOT NULL DEFAULT false,
    received_at   timestamptz NOT NULL
);
CREATE INDEX message_orphan ON message (merchant_id) WHERE orphan;

-- One event to one endpoint. Pending rows are due at next_attempt_at; a claimed row carries a lease_token
-- and next_attempt_at = the end of its lease, so a dead worker's row comes back by itself.
CREATE TABLE delivery (
    id                   text PRIMARY KEY,
    message_id           text        NOT NULL REFERENCES message (id),
    event_id             text        NOT NULL,
    endpoint_id          text        NOT NULL REFERENCES endpoint (id),
    merchant_id          text        NOT NULL,
    event_type           text        NOT NULL,
    intent_id            text,
    event_occurred_at    timestamptz NOT NULL,
    status               text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count        integer     NOT NULL DEFAULT 0,
    schedule_step        integer     NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz,
    lease_token          text,
    last_attempt_at      timestamptz,
    last_response_status integer,
    last_error           text,
    created_at           timestamptz NOT NULL,
    succeeded_at         timestamptz,
    failed_at            timestamptz,
    CONSTRAINT delivery_once_per_event_and_endpoint UNIQUE (event_id, endpoint_id),
    CONSTRAINT delivery_pending_is_due CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_merchant_recent ON delivery (merchant_id, created_at DESC, id DESC);
CREATE INDEX delivery_merchant_intent ON delivery (merchant_id, intent_id);
CREATE INDEX delivery_endpoint_status ON delivery (endpoint_id, status, created_at);

-- Every attempt, appended, never changed.
CREATE TABLE attempt (
    id              text PRIMARY KEY,
    delivery_id     text        NOT NULL REFERENCES delivery (id),
    attempted_at    timestamptz NOT NULL,
    outcome         text        NOT NULL,
    response_status integer,
    duration_ms     integer     NOT NULL,
    -- the first 1 KB of the answer
    response_body   text,
    error           text,
    -- the address that passed the SSRF guard and was connected to
    target_address  text
);
CREATE INDEX attempt_delivery ON attempt (delivery_id, attempted_at);

CREATE FUNCTION attempt_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the attempt log is append-only (% refused)', TG_OP;
END
$$;

CREATE TRIGGER attempt_append_only BEFORE UPDATE OR DELETE ON attempt
    FOR EACH ROW EXECUTE FUNCTION attempt_is_append_only();
