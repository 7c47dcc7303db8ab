package com.promptpay.gateway.intent.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.promptpay.gateway.intent.PaymentIntent;

/** How intents look in the merchant API. Field names are the seed's; fields may be added, never renamed. */
public final class IntentViews {

    private IntentViews() {
    }

    public record Qr(String imageUrl, String data) {
    }

    /** The 201 of {@code POST /payments/intents}, byte for byte what an Idempotency-Key replay returns. */
    public record Created(String paymentIntentId, String status, long amount, String currency, String paymentUrl,
            Qr qr, Instant expiresAt, Instant createdAt) {
    }

    /** For the merchant who owns the intent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Full(String id, String paymentIntentId, String status, long amount, String currency, String email,
            String description, Map<String, String> metadata, String callbackUrl, String cancelUrl, String paymentUrl,
            Qr qr, boolean late, Long amountReceived, Instant expiresAt, Instant createdAt, Instant updatedAt) {
    }

    /** Without a key: what the seed's server-side verification reads, nothing personal. */
    public record Public(String id, String status, long amount, String currency) {
    }

    public record Page(List<Full> data, boolean hasMore, String nextCursor) {
    }

    public static Created created(PaymentIntent intent, String baseUrl) {
        return new Created(intent.id(), intent.status().wireName(), intent.amount(), intent.currency(),
                paymentUrl(intent, baseUrl), qr(intent), intent.expiresAt(), intent.createdAt());
    }

    public static Full full(PaymentIntent intent, String baseUrl) {
        return new Full(intent.id(), intent.id(), intent.status().wireName(), intent.amount(), intent.currency(),
                intent.email(), intent.description(), intent.metadata(), intent.callbackUrl(), intent.cancelUrl(),
                paymentUrl(intent, baseUrl), qr(intent), intent.late(), intent.amountReceived(), intent.expiresAt(),
                intent.createdAt(), intent.updatedAt());
    }

    public static Public publicView(PaymentIntent intent) {
        return new Public(intent.id(), intent.status().wireName(), intent.amount(), intent.currency());
    }

    private static String paymentUrl(PaymentIntent intent, String baseUrl) {
        return (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/payment/" + intent.id();
    }

    private static Qr qr(PaymentIntent intent) {
        return new Qr(intent.qr().imageUrlPng(), intent.qr().data());
    }
}
