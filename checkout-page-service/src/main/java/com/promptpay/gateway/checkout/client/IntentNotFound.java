package com.promptpay.gateway.checkout.client;

/** intent-service answered 404: no such intent. Never retried, never counts against the circuit. */
public class IntentNotFound extends RuntimeException {

    public IntentNotFound(String detail) {
        super(detail, null, false, false);
    }
}
