package com.promptpay.gateway.demomerchant;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code signature} the gateway adds to the success and cancel redirects: hex
 * HMAC-SHA256(redirect secret, canonical), where canonical is the gateway's parameters that are present
 * ({@code amount}, {@code payment_id}, {@code status}) sorted by name as {@code k=v&k=v}, values URL-encoded.
 * The shop's own query parameters are not signed.
 */
public final class RedirectSignature {

    public enum Verdict { VALID, INVALID, MISSING, NO_SECRET }

    static final List<String> SIGNED = List.of("amount", "payment_id", "status");

    private RedirectSignature() {
    }

    public static Verdict check(Map<String, String> query, String secret) {
        if (secret == null || secret.isBlank()) {
            return Verdict.NO_SECRET;
        }
        String signature = query.get("signature");
        if (signature == null || signature.isBlank()) {
            return Verdict.MISSING;
        }
        byte[] expected = sign(canonical(query), secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))
                ? Verdict.VALID : Verdict.INVALID;
    }

    static String canonical(Map<String, String> query) {
        Map<String, String> signed = new TreeMap<>();
        for (String name : SIGNED) {
            if (query.get(name) != null) {
                signed.put(name, query.get(name));
            }
        }
        return signed.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String sign(String canonical, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
