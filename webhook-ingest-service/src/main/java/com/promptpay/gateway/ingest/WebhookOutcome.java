package com.promptpay.gateway.ingest;

/** What an accepted (2xx) delivery led to. */
public enum WebhookOutcome {

    /** Kafka acknowledged the payment.* event and the inbox row committed. */
    PUBLISHED,
    /** The inbox already records this Stripe event as published: nothing sent again. */
    DUPLICATE,
    /** A verified event the gateway does not act on: another type, or not one of our PaymentIntents. */
    IGNORED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
