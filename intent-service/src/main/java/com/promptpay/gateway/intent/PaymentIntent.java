package com.promptpay.gateway.intent;

import java.time.Instant;
import java.util.Map;

import com.promptpay.gateway.events.EventTypes;

/**
 * A payment intent and the rules of its state machine. Transitions only move forward and return a new
 * value; the one exception is money that arrives after cancel or expiry, recorded as a late success.
 */
public record PaymentIntent(
        String id,
        String merchantId,
        PaymentIntentStatus status,
        long amount,
        String currency,
        String email,
        String description,
        Map<String, String> metadata,
        String callbackUrl,
        String cancelUrl,
        String stripePaymentIntentId,
        Qr qr,
        boolean late,
        Long amountReceived,
        Instant expiresAt,
        Instant createdAt,
        Instant updatedAt) {

    public static final String CURRENCY = "thb";

    /** PromptPay QR as Stripe returns it: the payload and Stripe's rendered images. */
    public record Qr(String data, String imageUrlPng, String imageUrlSvg) {
    }

    /** Applies what the provider reports, once; the caller persists the result when it changed. */
    public Transition onProviderPayment(String eventType, long reportedAmount, String reportedCurrency, Instant at) {
        return switch (eventType) {
            case EventTypes.PAYMENT_SUCCEEDED -> onSucceeded(reportedAmount, reportedCurrency, at);
            case EventTypes.PAYMENT_CANCELED -> cancel(at);
            case EventTypes.PAYMENT_FAILED -> new Transition(this, TransitionOutcome.ATTEMPT_FAILED);
            default -> new Transition(this, TransitionOutcome.NO_CHANGE);
        };
    }

    private Transition onSucceeded(long reportedAmount, String reportedCurrency, Instant at) {
        if (reportedAmount != amount || !CURRENCY.equalsIgnoreCase(reportedCurrency)) {
            return new Transition(this, TransitionOutcome.REJECTED_MISMATCH);
        }
        return switch (status) {
            case REQUIRES_ACTION -> new Transition(with(PaymentIntentStatus.SUCCEEDED, false, reportedAmount, at),
                    TransitionOutcome.SUCCEEDED);
            case CANCELED, EXPIRED -> new Transition(with(PaymentIntentStatus.SUCCEEDED, true, reportedAmount, at),
                    TransitionOutcome.SUCCEEDED_LATE);
            case SUCCEEDED -> new Transition(this, TransitionOutcome.NO_CHANGE);
        };
    }

    /** By the merchant, the shopper, or Stripe. Only an open intent can be canceled. */
    public Transition cancel(Instant at) {
        return switch (status) {
            case REQUIRES_ACTION -> new Transition(with(PaymentIntentStatus.CANCELED, false, null, at), TransitionOutcome.CANCELED);
            case SUCCEEDED, CANCELED, EXPIRED -> new Transition(this, TransitionOutcome.NO_CHANGE);
        };
    }

    public Transition expire(Instant at) {
        return switch (status) {
            case REQUIRES_ACTION -> new Transition(with(PaymentIntentStatus.EXPIRED, false, null, at), TransitionOutcome.EXPIRED);
            case SUCCEEDED, CANCELED, EXPIRED -> new Transition(this, TransitionOutcome.NO_CHANGE);
        };
    }

    private PaymentIntent with(PaymentIntentStatus newStatus, boolean newLate, Long received, Instant at) {
        return new PaymentIntent(id, merchantId, newStatus, amount, currency, email, description, metadata, callbackUrl,
                cancelUrl, stripePaymentIntentId, qr, newLate, received == null ? amountReceived : received, expiresAt,
                createdAt, at);
    }

    /** The intent after an event, and what the event did. */
    public record Transition(PaymentIntent intent, TransitionOutcome outcome) {
        public boolean changed() {
            return switch (outcome) {
                case SUCCEEDED, SUCCEEDED_LATE, CANCELED, EXPIRED -> true;
                case ATTEMPT_FAILED, NO_CHANGE, REJECTED_MISMATCH -> false;
            };
        }
    }
}
