package com.promptpay.gateway.ingest;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A Stripe event that was published. The row only ever exists committed when Kafka acknowledged the
 * publish (see V1__stripe_event_inbox.sql and {@code InboxService}); it is never updated.
 */
@Entity
@Table(name = "stripe_event_inbox")
public class InboxEntry {

    @Id
    @Column(name = "stripe_event_id", nullable = false, length = 255)
    private String stripeEventId;

    @Column(name = "stripe_event_type", nullable = false, length = 255)
    private String stripeEventType;

    @Column(name = "stripe_payment_intent_id", nullable = false, length = 255)
    private String stripePaymentIntentId;

    @Column(name = "intent_id", nullable = false, length = 255)
    private String intentId;

    @Column(name = "published_event_id", nullable = false, length = 255)
    private String publishedEventId;

    @Column(name = "published_event_type", nullable = false, length = 64)
    private String publishedEventType;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "recorded_at", nullable = false, insertable = false, updatable = false)
    private Instant recordedAt;

    protected InboxEntry() {
        // for Hibernate
    }

    InboxEntry(String stripeEventId, String stripeEventType, String stripePaymentIntentId, String intentId,
            String publishedEventId, String publishedEventType, Instant occurredAt) {
        this.stripeEventId = stripeEventId;
        this.stripeEventType = stripeEventType;
        this.stripePaymentIntentId = stripePaymentIntentId;
        this.intentId = intentId;
        this.publishedEventId = publishedEventId;
        this.publishedEventType = publishedEventType;
        this.occurredAt = occurredAt;
    }

    public String stripeEventId() {
        return stripeEventId;
    }

    public String stripeEventType() {
        return stripeEventType;
    }

    public String stripePaymentIntentId() {
        return stripePaymentIntentId;
    }

    public String intentId() {
        return intentId;
    }

    public String publishedEventId() {
        return publishedEventId;
    }

    public String publishedEventType() {
        return publishedEventType;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public Instant recordedAt() {
        return recordedAt;
    }
}
