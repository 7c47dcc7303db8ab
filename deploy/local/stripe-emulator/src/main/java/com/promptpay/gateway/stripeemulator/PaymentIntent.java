package com.promptpay.gateway.stripeemulator;

import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import java.util.Map;

/**
 * A PromptPay PaymentIntent. Immutable: each transition returns the next version, so the store can
 * swap versions atomically and an event can keep the exact version it describes.
 *
 * @param publicBaseUrl where this intent's test page lives (the QR code and instructions point there)
 */
public record PaymentIntent(
        String id,
        String clientSecret,
        long amount,
        String currency,
        String description,
        Map<String, String> metadata,
        String receiptEmail,
        PaymentIntentStatus status,
        PromptPayPaymentMethod paymentMethod,
        PaymentFailure lastPaymentError,
        long created,
        Long canceledAt,
        String cancellationReason,
        String publicBaseUrl) {

    public PaymentIntent {
        metadata = Map.copyOf(metadata);
    }

    /** Stripe reports the received amount only once the money has moved. */
    public long amountReceived() {
        return status == PaymentIntentStatus.SUCCEEDED ? amount : 0;
    }

    /** Attaching a payment method and confirming: PromptPay then waits for the shopper's scan. */
    public PaymentIntent confirm(PromptPayPaymentMethod method) {
        return switch (status) {
            case REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION ->
                    with(PaymentIntentStatus.REQUIRES_ACTION, method, null);
            case SUCCEEDED, CANCELED -> throw StripeApiException.unexpectedState(
                    "You cannot confirm this PaymentIntent because it has a status of " + status.wireName()
                            + ". Only a PaymentIntent with one of the following statuses may be confirmed: "
                            + "requires_payment_method, requires_confirmation, requires_action.");
        };
    }

    /** The shopper paid (the test page's "Authorize test payment"). */
    public PaymentIntent authorize() {
        return switch (status) {
            case REQUIRES_ACTION -> with(PaymentIntentStatus.SUCCEEDED, paymentMethod, null);
            case REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, SUCCEEDED, CANCELED ->
                    throw notAwaitingShopper("authorized");
        };
    }

    /** The bank declined: Stripe detaches the payment method so the intent can be confirmed again. */
    public PaymentIntent fail() {
        return switch (status) {
            case REQUIRES_ACTION -> with(PaymentIntentStatus.REQUIRES_PAYMENT_METHOD, null,
                    PaymentFailure.attemptFailed(paymentMethod));
            case REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, SUCCEEDED, CANCELED ->
                    throw notAwaitingShopper("failed");
        };
    }

    public PaymentIntent cancel(String reason, long now) {
        return switch (status) {
            case REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION -> new PaymentIntent(id, clientSecret,
                    amount, currency, description, metadata, receiptEmail, PaymentIntentStatus.CANCELED,
                    paymentMethod, lastPaymentError, created, now, reason, publicBaseUrl);
            case SUCCEEDED, CANCELED -> throw StripeApiException.unexpectedState(
                    "You cannot cancel this PaymentIntent because it has a status of " + status.wireName()
                            + ". Only a PaymentIntent with one of the following statuses may be canceled: "
                            + "requires_payment_method, requires_capture, requires_confirmation, requires_action, "
                            + "processing.");
        };
    }

    private StripeApiException notAwaitingShopper(String verb) {
        return StripeApiException.unexpectedState("This PaymentIntent cannot be " + verb
                + " because it has a status of " + status.wireName()
                + ". Only a PaymentIntent with a status of requires_action awaits the shopper.");
    }

    private PaymentIntent with(PaymentIntentStatus next, PromptPayPaymentMethod method, PaymentFailure failure) {
        return new PaymentIntent(id, clientSecret, amount, currency, description, metadata, receiptEmail, next,
                method, failure, created, canceledAt, cancellationReason, publicBaseUrl);
    }
}
