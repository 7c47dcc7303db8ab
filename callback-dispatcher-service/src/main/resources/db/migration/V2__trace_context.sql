-- W3C traceparent of the payment_intent.* record a message came from: its deliveries continue that trace.
ALTER TABLE message ADD COLUMN trace_parent text;
