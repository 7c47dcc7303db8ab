package com.promptpay.gateway.stripeemulator.service;

/**
 * What Stripe records in an event's {@code request}: the API request that caused it, or nulls when
 * the shopper (the test page) or the emulator's admin surface caused it.
 */
public record RequestOrigin(String requestId, String idempotencyKey) {

    public static final RequestOrigin NONE = new RequestOrigin(null, null);
}
