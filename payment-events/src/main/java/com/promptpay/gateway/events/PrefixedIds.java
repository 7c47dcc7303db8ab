package com.promptpay.gateway.events;

import java.security.SecureRandom;

/** Ids in the style of Stripe and Svix: a type prefix and random base62, e.g. {@code pi_3kTn…}. */
public final class PrefixedIds {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 24 base62 characters carry about 143 bits: unguessable, and no collision in practice. */
    private static final int RANDOM_LENGTH = 24;

    private PrefixedIds() {
    }

    /** {@code prefix} without the underscore: {@code next("pi")} → {@code pi_…}. */
    public static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + RANDOM_LENGTH).append(prefix).append('_');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            id.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return id.toString();
    }

    /** Whether {@code id} could have come from {@link #next(String)} with this prefix: safe to use in a path or query. */
    public static boolean isValid(String prefix, String id) {
        if (id == null || id.length() != prefix.length() + 1 + RANDOM_LENGTH || !id.startsWith(prefix + "_")) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
