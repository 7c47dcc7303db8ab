package com.promptpay.gateway.ingest;

import java.util.Optional;

import com.promptpay.gateway.events.EventTypes;

/** The Stripe event types the gateway acts on, and the {@code payment.*} event each becomes. */
public enum ProviderEventType {

    SUCCEEDED("payment_intent.succeeded", EventTypes.PAYMENT_SUCCEEDED),
    FAILED("payment_intent.payment_failed", EventTypes.PAYMENT_FAILED),
    CANCELED("payment_intent.canceled", EventTypes.PAYMENT_CANCELED);

    private final String stripeType;
    private final String publishedType;

    ProviderEventType(String stripeType, String publishedType) {
        this.stripeType = stripeType;
        this.publishedType = publishedType;
    }

    public String stripeType() {
        return stripeType;
    }

    /** The envelope {@code type} on payment-provider-events. */
    public String publishedType() {
        return publishedType;
    }

    /** Empty for every other Stripe event type: those are acknowledged and counted, never published. */
    public static Optional<ProviderEventType> ofStripeType(String stripeType) {
        for (ProviderEventType type : values()) {
            if (type.stripeType.equals(stripeType)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Only a failed payment carries Stripe's {@code last_payment_error}. */
    public boolean carriesFailure() {
        return switch (this) {
            case SUCCEEDED, CANCELED -> false;
            case FAILED -> true;
        };
    }

    /**
     * The amount to report: for a success, what Stripe says was received (money that moved); otherwise
     * the amount that was asked for.
     */
    long reportedAmount(Long amount, Long amountReceived) {
        return switch (this) {
            case SUCCEEDED -> amountReceived != null && amountReceived > 0 ? amountReceived : amount;
            case FAILED, CANCELED -> amount;
        };
    }
}
