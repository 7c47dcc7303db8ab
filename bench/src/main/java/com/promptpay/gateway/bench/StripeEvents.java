package com.promptpay.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Stripe events as Stripe (and the local emulator) send them, signed independently of stripe-java. */
final class StripeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private StripeEvents() {
    }

    /** A {@code payment_intent.succeeded} for one of our intents, paid in full. */
    static String succeeded(String intentId, String stripeIntentId, String merchantId, long amount, long created,
            String apiVersion) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", "evt_" + randomId(24));
        event.put("object", "event");
        event.put("api_version", apiVersion);
        event.put("created", created);
        ObjectNode intent = event.putObject("data").putObject("object");
        intent.put("id", stripeIntentId);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("amount_capturable", 0);
        intent.put("amount_received", amount);
        intent.put("capture_method", "automatic");
        intent.put("client_secret", stripeIntentId + "_secret_" + randomId(16));
        intent.put("confirmation_method", "automatic");
        intent.put("created", created - 30);
        intent.put("currency", "thb");
        intent.putNull("last_payment_error");
        intent.put("livemode", false);
        ObjectNode metadata = intent.putObject("metadata");
        metadata.put("gateway_intent_id", intentId);
        metadata.put("gateway_merchant_id", merchantId);
        intent.putNull("next_action");
        intent.putArray("payment_method_types").add("promptpay");
        intent.put("status", "succeeded");
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        event.put("type", "payment_intent.succeeded");
        return event.toString();
    }

    /** {@code t=<unix seconds>,v1=hex(HMAC-SHA256(whsec_… as UTF-8, t + "." + body))}. */
    static String signature(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(
                hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + body));
    }

    static byte[] hmac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
