package com.promptpay.gateway.demomerchant;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/**
 * Standard Webhooks from the gateway, checked with the Standard Webhooks library against
 * DEMO_MERCHANT_WEBHOOK_SECRET (signature and a 5-minute timestamp window), then kept in memory, newest
 * first. A redelivery (same webhook-id) is acknowledged again and counted, not listed twice.
 */
@ApplicationScoped
public class WebhookInbox {

    /** One received webhook. */
    public record Received(String webhookId, String type, String paymentIntentId, String status, Long amount,
            Instant receivedAt, int deliveries, String body) {
    }

    public static class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Deque<Received> received = new ArrayDeque<>();
    private final DemoConfig config;
    private final ObjectMapper json;

    public WebhookInbox(DemoConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public Received accept(String body, String id, String timestamp, String signature) throws Rejected {
        String secret = config.webhookSecret().filter(value -> !value.isBlank())
                .orElseThrow(() -> new Rejected("DEMO_MERCHANT_WEBHOOK_SECRET is not set"));
        try {
            new Webhook(secret).verify(body, Map.of(
                    "webhook-id", List.of(id == null ? "" : id),
                    "webhook-timestamp", List.of(timestamp == null ? "" : timestamp),
                    "webhook-signature", List.of(signature == null ? "" : signature)));
        } catch (WebhookVerificationException e) {
            throw new Rejected("signature check failed: " + e.getMessage());
        } catch (EmptyWebhookSecretException e) {
            throw new Rejected("DEMO_MERCHANT_WEBHOOK_SECRET is empty");
        } catch (RuntimeException e) {
            throw new Rejected("signature check failed: " + e.getClass().getSimpleName());
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (Exception e) {
            throw new Rejected("the body is not JSON");
        }
        JsonNode data = event.path("data");
        synchronized (received) {
            for (Received earlier : received) {
                if (earlier.webhookId().equals(id)) {
                    Received again = new Received(earlier.webhookId(), earlier.type(), earlier.paymentIntentId(),
                            earlier.status(), earlier.amount(), earlier.receivedAt(), earlier.deliveries() + 1, earlier.body());
                    received.remove(earlier);
                    received.addFirst(again);
                    return again;
                }
            }
            Received entry = new Received(id, event.path("type").asText(null), data.path("paymentIntentId").asText(null),
                    data.path("status").asText(null), data.path("amount").isNumber() ? data.path("amount").asLong() : null,
                    Instant.now(), 1, body);
            received.addFirst(entry);
            while (received.size() > Math.max(1, config.keepWebhooks())) {
                received.removeLast();
            }
            return entry;
        }
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> forPayment(String paymentIntentId) {
        return all().stream().filter(entry -> paymentIntentId != null && paymentIntentId.equals(entry.paymentIntentId())).toList();
    }
}
