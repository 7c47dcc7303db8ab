package com.promptpay.gateway.stripeemulator.webhook;

import java.time.Instant;

/** One POST to an endpoint: the HTTP status it answered, or why there was no answer. */
public record DeliveryAttempt(int number, Instant at, Integer httpStatus, String error, long durationMillis) {

    public boolean succeeded() {
        return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }
}
