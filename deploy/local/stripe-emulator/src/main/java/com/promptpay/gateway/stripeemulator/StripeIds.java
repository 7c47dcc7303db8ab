package com.promptpay.gateway.stripeemulator;

import java.security.SecureRandom;

/** Identifiers shaped like Stripe's: a type prefix and random alphanumerics. */
public final class StripeIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StripeIds() {
    }

    public static String paymentIntent() {
        return "pi_" + random(24);
    }

    /** Stripe's client secret embeds the intent id, so the id can be recovered from it. */
    public static String clientSecret(String paymentIntentId) {
        return paymentIntentId + "_secret_" + random(25);
    }

    public static String paymentMethod() {
        return "pm_" + random(24);
    }

    public static String event() {
        return "evt_" + random(24);
    }

    public static String request() {
        return "req_" + random(14);
    }

    private static String random(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
