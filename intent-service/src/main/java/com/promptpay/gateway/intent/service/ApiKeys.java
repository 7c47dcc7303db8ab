package com.promptpay.gateway.intent.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.promptpay.gateway.events.PrefixedIds;

/**
 * Merchant API keys: {@code sk_} and 143 random bits, stored only as SHA-256 (a slow hash buys nothing
 * for a key this long), shown once.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    public static String newKey() {
        return PrefixedIds.next("sk");
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Enough to recognise a key in a list, too little to use it. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(key.length(), 7)) + "…";
    }

    /** Compares secrets in constant time. */
    public static boolean same(String presented, String expected) {
        return presented != null && expected != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
