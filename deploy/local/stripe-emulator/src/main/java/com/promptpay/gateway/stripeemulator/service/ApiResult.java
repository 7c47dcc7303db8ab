package com.promptpay.gateway.stripeemulator.service;

/** A finished API response as it is saved for idempotent replay: the same body and request id again. */
public record ApiResult(int status, String body, String requestId, boolean replayed) {

    public static ApiResult fresh(int status, String body, String requestId) {
        return new ApiResult(status, body, requestId, false);
    }

    public ApiResult asReplay() {
        return new ApiResult(status, body, requestId, true);
    }
}
