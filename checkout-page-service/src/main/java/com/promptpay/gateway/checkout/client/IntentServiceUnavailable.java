package com.promptpay.gateway.checkout.client;

/** intent-service answered something the page cannot use (5xx, 401, garbage): worth a retry later. */
public class IntentServiceUnavailable extends RuntimeException {

    public IntentServiceUnavailable(String detail) {
        super(detail, null, false, false);
    }
}
