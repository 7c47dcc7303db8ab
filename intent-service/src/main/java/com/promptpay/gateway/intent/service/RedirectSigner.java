package com.promptpay.gateway.intent.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the shopper's way back: the merchant's URL with its own query kept, the seed's parameters
 * ({@code payment_id}, {@code status}, {@code amount}) added, and {@code signature} = hex
 * HMAC-SHA256(redirect secret, the added parameters sorted by name as {@code k=v&k=v}, values
 * URL-encoded), so a merchant can trust the redirect without calling us.
 */
public final class RedirectSigner {

    private RedirectSigner() {
    }

    public static String redirect(String merchantUrl, Map<String, String> parameters, String redirectSecret) {
        Map<String, String> sorted = new TreeMap<>(parameters);
        String canonical = canonical(sorted);
        String query = canonical + "&signature=" + sign(canonical, redirectSecret);
        int fragment = merchantUrl.indexOf('#');
        String base = fragment >= 0 ? merchantUrl.substring(0, fragment) : merchantUrl;
        return base + (base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?") + query;
    }

    public static String canonical(Map<String, String> parameters) {
        return new TreeMap<>(parameters).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static String sign(String canonical, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
