package com.promptpay.gateway.events;

import java.time.Instant;

/**
 * The {@code data} of a {@code payment.*} event on {@link Topics#PAYMENT_PROVIDER_EVENTS}: what the payment
 * provider says happened to the money. Keyed by our intent id; {@code providerEventId} is what
 * intent-service applies at most once.
 *
 * @param provider          {@code "stripe"}
 * @param providerEventId   Stripe's event id ({@code evt_…}), or the reconciler's synthetic id
 * @param providerPaymentId Stripe's PaymentIntent id
 * @param intentId          our intent id, from the Stripe PaymentIntent's {@code gateway_intent_id} metadata
 * @param merchantId        from {@code gateway_merchant_id} metadata
 * @param amount            minor units (satang) as the provider reports them
 * @param currency          lower-case ISO code, {@code "thb"}
 * @param failureCode       for {@code payment.failed}, else null
 * @param failureMessage    for {@code payment.failed}, else null
 */
public record ProviderPaymentEvent(
        String provider,
        String providerEventId,
        String providerPaymentId,
        String intentId,
        String merchantId,
        long amount,
        String currency,
        Instant occurredAt,
        String failureCode,
        String failureMessage) {
}
