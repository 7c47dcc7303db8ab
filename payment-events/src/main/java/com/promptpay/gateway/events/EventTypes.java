package com.promptpay.gateway.events;

/** The {@code type} of each event envelope, as DESIGN.md names them. */
public final class EventTypes {

    public static final String PAYMENT_INTENT_CREATED = "payment_intent.created";
    public static final String PAYMENT_INTENT_SUCCEEDED = "payment_intent.succeeded";
    public static final String PAYMENT_INTENT_CANCELED = "payment_intent.canceled";
    public static final String PAYMENT_INTENT_EXPIRED = "payment_intent.expired";

    public static final String PAYMENT_SUCCEEDED = "payment.succeeded";
    public static final String PAYMENT_FAILED = "payment.failed";
    public static final String PAYMENT_CANCELED = "payment.canceled";

    public static final String MERCHANT_UPDATED = "merchant.updated";

    private EventTypes() {
    }
}
