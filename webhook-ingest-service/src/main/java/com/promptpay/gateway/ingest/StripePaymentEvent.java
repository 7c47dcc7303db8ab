package com.promptpay.gateway.ingest;

import java.time.Instant;
import java.util.Objects;

import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.ProviderPaymentEvent;

/**
 * A verified Stripe event about one of our PaymentIntents, as it will be published. Everything here
 * comes from the signed body; nothing is looked up.
 *
 * @param stripeEventId         Stripe's {@code evt_…}: the inbox key and the consumers' de-duplication key
 * @param stripePaymentIntentId Stripe's {@code pi_…}
 * @param intentId              our intent id ({@code gateway_intent_id} metadata): the Kafka key
 * @param merchantId            {@code gateway_merchant_id} metadata, may be null
 */
public record StripePaymentEvent(
        String stripeEventId,
        ProviderEventType type,
        String stripePaymentIntentId,
        String intentId,
        String merchantId,
        long amount,
        String currency,
        Instant occurredAt,
        String failureCode,
        String failureMessage) {

    public static final String PROVIDER = "stripe";

    public StripePaymentEvent {
        Objects.requireNonNull(stripeEventId, "stripeEventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stripePaymentIntentId, "stripePaymentIntentId");
        Objects.requireNonNull(intentId, "intentId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!stripeEventId.startsWith("evt_")) {
            throw new IllegalArgumentException("Stripe event ids start with evt_: " + stripeEventId);
        }
    }

    /**
     * Deterministic, so every redelivery of one Stripe event yields the same envelope id. Stripe's event
     * ids already are {@code evt_…} and unique, so the envelope reuses it.
     */
    public String envelopeId() {
        return stripeEventId;
    }

    public EventEnvelope<ProviderPaymentEvent> toEnvelope() {
        ProviderPaymentEvent data = new ProviderPaymentEvent(PROVIDER, stripeEventId, stripePaymentIntentId, intentId,
                merchantId, amount, currency, occurredAt, failureCode, failureMessage);
        return new EventEnvelope<>(envelopeId(), type.publishedType(), occurredAt, intentId, data);
    }

    /** The inbox row that records this event as published, once the transaction that holds it commits. */
    public InboxEntry toInboxEntry() {
        return new InboxEntry(stripeEventId, type.stripeType(), stripePaymentIntentId, intentId, envelopeId(),
                type.publishedType(), occurredAt);
    }
}
