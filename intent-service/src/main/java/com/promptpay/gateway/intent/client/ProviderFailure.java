package com.promptpay.gateway.intent.client;

/** Stripe could not be asked (network, 5xx, 429): worth retrying, the caller answers 502/503. */
public class ProviderFailure extends RuntimeException {

    public ProviderFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Stripe understood and refused (4xx): not retried; {@code code} is Stripe's error code. */
    public static class Rejected extends RuntimeException {
        private final String code;
        private final String param;

        public Rejected(String code, String param, String message) {
            super(message);
            this.code = code;
            this.param = param;
        }

        public String code() {
            return code;
        }

        public String param() {
            return param;
        }

        /** Stripe has no such object: nothing there can be paid or canceled. */
        public boolean resourceMissing() {
            return "resource_missing".equals(code);
        }
    }
}
