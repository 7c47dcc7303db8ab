package com.promptpay.gateway.stripeemulator.form;

/** The request body cannot be read as Stripe form parameters at all. */
public class MalformedFormException extends RuntimeException {

    public MalformedFormException(String message) {
        super(message);
    }
}
