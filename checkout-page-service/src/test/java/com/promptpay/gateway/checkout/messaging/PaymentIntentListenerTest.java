package com.promptpay.gateway.checkout.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PaymentIntentListenerTest {

    @Test
    void theEventsOwnStatusWinsElseTheTypeSaysIt() {
        assertEquals(Optional.of("succeeded"), PaymentIntentListener.statusOf("payment_intent.succeeded", "succeeded"));
        // A late success after a cancel: data.status is what the intent is now.
        assertEquals(Optional.of("succeeded"), PaymentIntentListener.statusOf("payment_intent.canceled", "succeeded"));
        assertEquals(Optional.of("expired"), PaymentIntentListener.statusOf("payment_intent.expired", null));
        assertEquals(Optional.of("canceled"), PaymentIntentListener.statusOf("payment_intent.canceled", "<b>"));
        assertEquals(Optional.empty(), PaymentIntentListener.statusOf("merchant.updated", null));
        assertEquals(Optional.empty(), PaymentIntentListener.statusOf("", "bogus"));
    }
}
