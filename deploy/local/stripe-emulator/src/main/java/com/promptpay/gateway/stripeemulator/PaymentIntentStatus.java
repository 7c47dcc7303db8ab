package com.promptpay.gateway.stripeemulator;

/** The statuses a PromptPay PaymentIntent can reach; PromptPay has no capture and no processing step. */
public enum PaymentIntentStatus {
    REQUIRES_PAYMENT_METHOD,
    REQUIRES_CONFIRMATION,
    REQUIRES_ACTION,
    SUCCEEDED,
    CANCELED;

    /** The spelling on the wire, e.g. {@code requires_action}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
