package com.promptpay.gateway.stripeemulator.json;

/**
 * The API version stamped on events and responses. stripe-java only deserializes an event's data
 * object when the event's version is from its own release line ({@code .dahlia} for 33.x), so this
 * is {@code com.stripe.Stripe.API_VERSION} of stripe-java 33.3.0; a test keeps the two equal.
 */
public final class StripeApiVersion {

    public static final String CURRENT = "2026-07-29.dahlia";

    private StripeApiVersion() {
    }
}
