package com.promptpay.gateway.intent.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The signature of a payment link, simple enough to write by hand in any language:
 * <pre>
 *   canonical = every parameter but sign, URL-decoded, sorted by name, as name=value lines joined by "\n"
 *   sign      = hex(HMAC-SHA256(link secret, UTF-8 bytes of canonical))
 * </pre>
 * A newline separates because no value may contain one, which keeps the string unambiguous even when a
 * text contains {@code &} or {@code =}.
 */
public final class PaymentLinkSignature {

    private PaymentLinkSignature() {
    }

    public static String canonical(Map<String, String> parameters) {
        return new TreeMap<>(parameters).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n"));
    }

    public static String sign(Map<String, String> parameters, String linkSecret) {
        return RedirectSigner.sign(canonical(parameters), linkSecret);
    }

    public static boolean verify(Map<String, String> parameters, String presentedSign, String linkSecret) {
        if (presentedSign == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(parameters, linkSecret).getBytes(StandardCharsets.US_ASCII),
                presentedSign.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
