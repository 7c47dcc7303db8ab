package com.promptpay.gateway.stripeemulator.service;

/** {@code payment_method_data} for {@code type=promptpay}: PromptPay needs the payer's email. */
public record PaymentMethodData(String email, String name, String phone) {
}
