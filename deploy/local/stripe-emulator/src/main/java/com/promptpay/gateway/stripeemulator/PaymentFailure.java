package com.promptpay.gateway.stripeemulator;

/**
 * What Stripe puts in {@code last_payment_error} when the shopper's bank declines a PromptPay
 * payment: the failed payment method travels inside it because the intent itself lets go of it.
 */
public record PaymentFailure(String code, String message, PromptPayPaymentMethod paymentMethod) {

    public static PaymentFailure attemptFailed(PromptPayPaymentMethod paymentMethod) {
        return new PaymentFailure("payment_intent_payment_attempt_failed", "The payment failed.", paymentMethod);
    }
}
