-- W3C traceparent of the request that created the intent (its later events continue that trace) and of
-- the work that wrote each outbox row (the relay publishes it under that context, later).
ALTER TABLE payment_intent ADD COLUMN trace_parent text;
ALTER TABLE outbox_event ADD COLUMN trace_parent text;
