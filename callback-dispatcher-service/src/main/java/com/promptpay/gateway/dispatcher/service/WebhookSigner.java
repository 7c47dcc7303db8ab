package com.promptpay.gateway.dispatcher.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The two ways a merchant can check that a webhook came from us. */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";

    private WebhookSigner() {
    }

    /**
     * Standard Webhooks: {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>} per secret, space-separated, where
     * the key is the base64 after {@code whsec_}. During a rotation every secret signs, newest first.
     */
    public static String standardSignature(List<String> secrets, String messageId, long timestamp, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("the endpoint has no signing secret");
        }
        byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        return secrets.stream().map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), content)))
                .collect(Collectors.joining(" "));
    }

    /** Dromon: {@code Authorization: Bearer <md5 hex of app_secret>}. */
    public static String dromonToken(String appSecret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(appSecret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is not whsec_<base64>");
        }
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a webhook secret cannot key HMAC-SHA256", e);
        }
    }
}
