package com.promptpay.gateway.stripeemulator.webhook;

import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: {@code t=<unix seconds>,v1=hex(HMAC-SHA256(secret, t + "." + body))}.
 * The whole {@code whsec_…} string is the key, as stripe-java's {@code Webhook} verifies it.
 */
@ApplicationScoped
public class WebhookSigner {

    private final String secret;

    public WebhookSigner(EmulatorConfig config) {
        this.secret = config.webhook().secret();
    }

    public String signatureHeader(String body, long timestamp) {
        return "t=" + timestamp + ",v1=" + hmacSha256Hex(secret, timestamp + "." + body);
    }

    static String hmacSha256Hex(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
