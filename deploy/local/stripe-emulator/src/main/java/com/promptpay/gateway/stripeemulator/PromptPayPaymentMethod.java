package com.promptpay.gateway.stripeemulator;

/** The {@code pm_…} created from {@code payment_method_data[type]=promptpay}. */
public record PromptPayPaymentMethod(String id, String email, String name, String phone, long created) {
}
