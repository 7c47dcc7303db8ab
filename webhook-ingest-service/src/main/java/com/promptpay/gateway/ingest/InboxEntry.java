package com.promptpay.gateway.ingest;

import java.time.Instant;

/**
 * A Stripe event that was published: one row of {@code stripe_event_inbox}. The row only ever exists committed
 * when Kafka acknowledged the publish (see V1__stripe_event_inbox.sql and {@code InboxService}); it is never
 * updated.
 */
public record InboxEntry(String stripeEventId, String stripeEventType, String stripePaymentIntentId, String intentId,
        String publishedEventId, String publishedEventType, Instant occurredAt) {
}
