package com.promptpay.gateway.checkout.client;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /internal/intents/{id}}: everything the page shows. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntentDetails(String id, String status, long amount, String currency, String description,
        String merchantName, String callbackUrl, String cancelUrl, Qr qr, Instant expiresAt, boolean late) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Qr(String data, String imageUrl) {
    }
}
