-- Merchants and their credentials. Secrets are stored encrypted (AES-GCM with GATEWAY_SECRETS_KEY)
-- because they must be used again (signing); API keys only as SHA-256 hashes.
CREATE TABLE merchant (
    id                       text PRIMARY KEY,
    name                     text        NOT NULL,
    allowed_origins          text[]      NOT NULL DEFAULT '{}',
    default_callback_url     text,
    default_cancel_url       text,
    webhook_url              text,
    webhook_format           text        NOT NULL DEFAULT 'standard' CHECK (webhook_format IN ('standard', 'dromon')),
    webhook_secret_encrypted text,
    app_secret_encrypted     text,
    redirect_secret_encrypted text       NOT NULL,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);

CREATE TABLE api_key (
    id          text PRIMARY KEY,
    merchant_id text        NOT NULL REFERENCES merchant (id),
    key_hash    text        NOT NULL UNIQUE,
    key_prefix  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX api_key_merchant ON api_key (merchant_id);

CREATE TABLE payment_intent (
    id                       text PRIMARY KEY,
    merchant_id              text        NOT NULL REFERENCES merchant (id),
    status                   text        NOT NULL CHECK (status IN ('requires_action', 'succeeded', 'canceled', 'expired')),
    amount                   bigint      NOT NULL CHECK (amount > 0),
    currency                 text        NOT NULL,
    email                    text        NOT NULL,
    description              text,
    metadata                 jsonb       NOT NULL DEFAULT '{}',
    callback_url             text        NOT NULL,
    cancel_url               text        NOT NULL,
    stripe_payment_intent_id text        NOT NULL UNIQUE,
    qr_data                  text,
    qr_image_url_png         text,
    qr_image_url_svg         text,
    late                     boolean     NOT NULL DEFAULT false,
    amount_received          bigint,
    expires_at               timestamptz NOT NULL,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    reconciled_at            timestamptz,
    version                  integer     NOT NULL DEFAULT 0
);
-- The merchant's list, newest first, with a (created_at, id) cursor.
CREATE INDEX payment_intent_merchant_created ON payment_intent (merchant_id, created_at DESC, id DESC);
-- The expiry and reconciliation sweeps only look at open intents.
CREATE INDEX payment_intent_open_expiry ON payment_intent (expires_at) WHERE status = 'requires_action';

-- Provider events applied, so a redelivered event changes nothing.
CREATE TABLE applied_provider_event (
    provider_event_id text PRIMARY KEY,
    intent_id         text        NOT NULL,
    type              text        NOT NULL,
    outcome           text        NOT NULL,
    applied_at        timestamptz NOT NULL
);

-- Stripe-style Idempotency-Key: the first response is kept for 24 h and replayed.
CREATE TABLE idempotency_key (
    merchant_id     text        NOT NULL,
    key             text        NOT NULL,
    request_hash    text        NOT NULL,
    intent_id       text        NOT NULL,
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox_event (
    seq          bigserial PRIMARY KEY,
    id           text        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    type         text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;
