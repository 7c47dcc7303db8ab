package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A merchant created through the admin API, whose Standard Webhooks endpoint is a {@link MerchantEndpoint}. */
final class Shop implements AutoCloseable {

    /** A payment intent as the merchant and the Stripe emulator know it. */
    record Intent(String id, String stripeId, long amount) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final MerchantEndpoint endpoint;
    final String id;
    final String apiKey;
    final String webhookSecret;

    private Shop(String name, MerchantEndpoint endpoint, JsonNode created) {
        this.name = name;
        this.endpoint = endpoint;
        this.id = created.get("id").asText();
        this.apiKey = created.get("apiKey").asText();
        this.webhookSecret = created.get("webhookSecret").asText();
    }

    static Shop open(String name, String adminToken) {
        MerchantEndpoint endpoint = new MerchantEndpoint();
        HttpResponse<String> created = LocalStack.send(LocalStack.at("/admin/merchants")
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("name", "Faults: " + name,
                        "allowedOrigins", List.of("https://your-site.com"),
                        "webhook", Map.of("url", endpoint.url(), "format", "standard"))))));
        assertEquals(201, created.statusCode(), created.body());
        Shop shop = new Shop(name, endpoint, read(created.body()));
        // The dispatcher learns merchants from Kafka; a fault injected before it has would test something else.
        Await.until(name + " known to the dispatcher", Duration.ofSeconds(30), () -> LocalStack.send(
                LocalStack.at("/webhook-endpoints").header("Authorization", "Bearer " + shop.apiKey)).statusCode() == 200);
        return shop;
    }

    /** A new intent of a distinct amount, so a webhook that named the wrong intent would also carry the wrong amount. */
    Intent createIntent(long amount) {
        HttpResponse<String> created = LocalStack.send(LocalStack.at("/payments/intents")
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("amount", amount, "email", "shopper@example.com",
                        "description", name, "callbackUrl", "https://your-site.com/payment/success",
                        "cancelUrl", "https://your-site.com/payment/cancel")))));
        assertEquals(201, created.statusCode(), "creating an intent of " + name + ": " + created.body());
        JsonNode intent = read(created.body());
        // The QR leads to the emulator's test page of the Stripe PaymentIntent: /promptpay/{stripeId}.
        String testPage = URI.create(intent.get("qr").get("data").asText()).getPath();
        return new Intent(intent.get("paymentIntentId").asText(), testPage.substring(testPage.lastIndexOf('/') + 1), amount);
    }

    /** The status the merchant reads with its key, as the seed's server-side verification does. */
    String status(Intent intent) {
        HttpResponse<String> found = LocalStack.send(LocalStack.at("/payments/" + intent.id())
                .header("Authorization", "Bearer " + apiKey));
        assertEquals(200, found.statusCode(), found.body());
        return read(found.body()).get("status").asText();
    }

    /** The dispatcher's own record of this merchant's webhook deliveries in {@code status} (newest first, a page). */
    List<JsonNode> deliveries(String status) {
        HttpResponse<String> listed = LocalStack.send(LocalStack.at("/webhook-deliveries?limit=100&status=" + status)
                .header("Authorization", "Bearer " + apiKey));
        assertEquals(200, listed.statusCode(), listed.body());
        List<JsonNode> deliveries = new ArrayList<>();
        read(listed.body()).get("data").forEach(deliveries::add);
        return deliveries;
    }

    void cancel(Intent intent) {
        HttpResponse<String> canceled = LocalStack.send(LocalStack.at("/payments/" + intent.id() + "/cancel")
                .header("Authorization", "Bearer " + apiKey).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, canceled.statusCode(), "canceling " + intent.id() + ": " + canceled.body());
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
