package com.promptpay.gateway.checkout.client;

/** intent-service answered 409: the intent can no longer be canceled (it succeeded or expired meanwhile). */
public class IntentConflict extends RuntimeException {

    public IntentConflict(String detail) {
        super(detail, null, false, false);
    }
}
