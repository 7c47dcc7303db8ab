package com.promptpay.gateway.events;

import java.time.Instant;
import java.util.Map;

/**
 * The {@code data} of a {@code payment_intent.*} event on {@link Topics#PAYMENT_INTENTS}: the intent as
 * intent-service committed it. Merchants are told from this, never from the raw provider event.
 *
 * @param status {@code requires_action}, {@code succeeded}, {@code canceled} or {@code expired}
 * @param late   true when money arrived after the intent was canceled or expired
 */
public record PaymentIntentEvent(
        String paymentIntentId,
        String merchantId,
        String status,
        long amount,
        String currency,
        String description,
        Map<String, String> metadata,
        boolean late,
        Instant createdAt,
        Instant updatedAt) {
}
