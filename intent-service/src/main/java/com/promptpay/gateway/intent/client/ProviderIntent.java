package com.promptpay.gateway.intent.client;

import com.promptpay.gateway.intent.PaymentIntent;

/** What we read from a Stripe PaymentIntent. {@code status} is Stripe's, e.g. {@code requires_action}. */
public record ProviderIntent(String id, String status, long amount, Long amountReceived, String currency,
        PaymentIntent.Qr qr) {

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    public boolean canceled() {
        return "canceled".equals(status);
    }
}
