package com.promptpay.gateway.checkout.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /internal/intents/{id}/return} and {@code POST …/cancel}: where the shopper goes now.
 * {@code redirectUrl} is the merchant URL intent-service built and signed, null while the intent is open.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReturnView(String id, String status, String redirectUrl) {
}
