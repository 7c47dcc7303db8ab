package com.promptpay.gateway.ingest.support;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.events.PrefixedIds;
import com.stripe.Stripe;

/**
 * Stripe event bodies shaped as Stripe sends them (api_version of stripe-java's release line) and
 * Stripe-Signature headers computed here, independently of stripe-java.
 */
public final class StripeEvents {

    public static final String CURRENT_SECRET = "whsec_test_current_secret";
    public static final String PREVIOUS_SECRET = "whsec_test_previous_secret";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StripeEvents() {
    }

    /** A builder with fresh ids: a payment_intent.succeeded of ฿100.00 for one of our intents. */
    public static Builder paymentIntent(String type) {
        return new Builder(type);
    }

    public static String newEventId() {
        return "evt_" + PrefixedIds.next("x").substring(2);
    }

    public static final class Builder {
        private String eventId = newEventId();
        private final String type;
        private String apiVersion = Stripe.API_VERSION;
        private String stripePaymentIntentId = "pi_" + PrefixedIds.next("x").substring(2);
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private long amount = 10_000;
        private String currency = "thb";
        private long created = Instant.now().getEpochSecond() - 2;
        private String failureCode;
        private String failureMessage;

        private Builder(String type) {
            this.type = type;
            metadata.put("gateway_intent_id", PrefixedIds.next("pi"));
            metadata.put("gateway_merchant_id", PrefixedIds.next("mch"));
        }

        public Builder eventId(String id) {
            this.eventId = id;
            return this;
        }

        public Builder intentId(String id) {
            metadata.put("gateway_intent_id", id);
            return this;
        }

        public Builder stripePaymentIntentId(String id) {
            this.stripePaymentIntentId = id;
            return this;
        }

        public Builder apiVersion(String version) {
            this.apiVersion = version;
            return this;
        }

        public Builder withoutGatewayMetadata() {
            metadata.clear();
            metadata.put("order", "42");
            return this;
        }

        public Builder amount(long satang) {
            this.amount = satang;
            return this;
        }

        public Builder failure(String code, String message) {
            this.failureCode = code;
            this.failureMessage = message;
            return this;
        }

        public String eventId() {
            return eventId;
        }

        public String intentId() {
            return metadata.get("gateway_intent_id");
        }

        public String merchantId() {
            return metadata.get("gateway_merchant_id");
        }

        public String stripePaymentIntentId() {
            return stripePaymentIntentId;
        }

        public long amount() {
            return amount;
        }

        public long created() {
            return created;
        }

        public byte[] body() {
            ObjectNode event = MAPPER.createObjectNode();
            event.put("id", eventId);
            event.put("object", "event");
            event.put("api_version", apiVersion);
            event.put("created", created);
            ObjectNode intent = event.putObject("data").putObject("object");
            intent.put("id", stripePaymentIntentId);
            intent.put("object", "payment_intent");
            intent.put("amount", amount);
            intent.put("amount_capturable", 0);
            intent.put("amount_received", type.equals("payment_intent.succeeded") ? amount : 0);
            intent.put("capture_method", "automatic");
            intent.put("client_secret", stripePaymentIntentId + "_secret_abc");
            intent.put("confirmation_method", "automatic");
            intent.put("created", created - 60);
            intent.put("currency", currency);
            intent.put("livemode", false);
            metadata.forEach(intent.putObject("metadata")::put);
            intent.putArray("payment_method_types").add("promptpay");
            intent.put("status", switch (type) {
                case "payment_intent.succeeded" -> "succeeded";
                case "payment_intent.canceled" -> "canceled";
                default -> "requires_payment_method";
            });
            if (failureCode != null) {
                ObjectNode error = intent.putObject("last_payment_error");
                error.put("type", "card_error");
                error.put("code", failureCode);
                error.put("message", failureMessage);
            } else {
                intent.putNull("last_payment_error");
            }
            event.put("livemode", false);
            event.put("pending_webhooks", 1);
            ObjectNode request = event.putObject("request");
            request.putNull("id");
            request.putNull("idempotency_key");
            event.put("type", type);
            try {
                return MAPPER.writeValueAsBytes(event);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The same JSON, grown to {@code size} bytes with whitespace before the closing brace. */
    public static byte[] padded(byte[] body, int size) {
        byte[] padded = java.util.Arrays.copyOf(body, size);
        java.util.Arrays.fill(padded, body.length - 1, size - 1, (byte) ' ');
        padded[size - 1] = '}';
        return padded;
    }

    /** {@code t=<timestamp>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, as Stripe computes it. */
    public static String signature(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, body);
    }

    public static String signNow(String secret, byte[] body) {
        return signature(secret, Instant.now().getEpochSecond(), body);
    }

    public static String v1(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
