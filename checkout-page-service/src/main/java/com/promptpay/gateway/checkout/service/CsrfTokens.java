package com.promptpay.gateway.checkout.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.promptpay.gateway.checkout.config.CheckoutConfig;

/**
 * The cancel form's CSRF protection, stateless so any pod can check it (signed double submit): the page
 * sets a random, HttpOnly, SameSite=Strict cookie and puts HMAC(key, intent id + cookie) in the form; a
 * POST must bring both, and they must match. Another site can neither read the form nor set the cookie.
 */
@ApplicationScoped
public class CsrfTokens {

    public static final String COOKIE = "pp_csrf";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> mac;

    public CsrfTokens(CheckoutConfig config) {
        byte[] key = config.checkout().csrfSecret().filter(secret -> !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> sha256("checkout-csrf\0" + config.serviceToken()));
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
                return hmac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A fresh cookie value: 128 random bits. */
    public String newCookieValue() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** Whether a cookie value looks like one of ours (else a new one is issued). */
    public boolean isWellFormed(String cookieValue) {
        return cookieValue != null && cookieValue.length() == 22 && cookieValue.chars().allMatch(
                c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    public String formToken(String intentId, String cookieValue) {
        return BASE64URL.encodeToString(hmac("cancel\0" + intentId + "\0" + cookieValue));
    }

    public boolean matches(String intentId, String cookieValue, String formToken) {
        if (!isWellFormed(cookieValue) || formToken == null || formToken.length() > 100) {
            return false;
        }
        byte[] expected = formToken(intentId, cookieValue).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, formToken.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] hmac(String message) {
        return mac.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
