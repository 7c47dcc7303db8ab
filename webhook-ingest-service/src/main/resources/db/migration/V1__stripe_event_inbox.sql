-- One row per Stripe event that was published to payment-provider-events.
--
-- The row is inserted (INSERT … ON CONFLICT DO NOTHING) in the same transaction that waits for
-- Kafka's acknowledgement, and that transaction commits only after the ack. So:
--   * a committed row means "published"; a redelivery finds it and publishes nothing;
--   * a concurrent duplicate blocks on the uncommitted row until the first delivery commits
--     (then it is a duplicate) or rolls back (then it publishes itself);
--   * a failed publish or a crash before the commit leaves no row, and Stripe's retry publishes.
CREATE TABLE stripe_event_inbox (
    stripe_event_id          VARCHAR(255)  NOT NULL,
    stripe_event_type        VARCHAR(255)  NOT NULL,
    stripe_payment_intent_id VARCHAR(255)  NOT NULL,
    intent_id                VARCHAR(255)  NOT NULL,
    published_event_id       VARCHAR(255)  NOT NULL,
    published_event_type     VARCHAR(64)   NOT NULL,
    occurred_at              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    recorded_at              TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT stripe_event_inbox_pkey PRIMARY KEY (stripe_event_id)
);

CREATE INDEX stripe_event_inbox_intent_id_idx ON stripe_event_inbox (intent_id);
