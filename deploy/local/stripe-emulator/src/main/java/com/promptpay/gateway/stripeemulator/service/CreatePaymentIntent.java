package com.promptpay.gateway.stripeemulator.service;

import java.util.Map;
import java.util.Optional;

/** A validated {@code POST /v1/payment_intents}. */
public record CreatePaymentIntent(
        long amount,
        String currency,
        String description,
        Map<String, String> metadata,
        String receiptEmail,
        Optional<PaymentMethodData> paymentMethodData,
        boolean confirm,
        String publicBaseUrl) {
}
