package com.promptpay.gateway.demomerchant;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The merchant side of the seed's API: create an intent, read it back to verify a redirect. */
@ApplicationScoped
public class GatewayClient {

    /** The gateway refused or could not be reached; {@code detail} is safe to show on the demo page. */
    public static class GatewayException extends Exception {
        public GatewayException(String detail) {
            super(detail, null, false, false);
        }
    }

    public record Created(String paymentIntentId, String paymentUrl) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final DemoConfig config;
    private final ObjectMapper json;

    public GatewayClient(DemoConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public Created createIntent(String orderId) throws GatewayException {
        String publicUrl = trimSlash(config.publicUrl());
        Map<String, Object> body = Map.of(
                "amount", config.amount(),
                "email", "customer@example.com",
                "description", "Demo Shop order #" + orderId,
                "callbackUrl", publicUrl + "/payment/success",
                "cancelUrl", publicUrl + "/payment/cancel",
                "metadata", Map.of("orderId", orderId));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trimSlash(config.gatewayUrl()) + "/payments/intents"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "demo-order-" + orderId)
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        authorize(request);
        JsonNode created = send(request.build(), 201);
        String paymentUrl = created.path("paymentUrl").asText(null);
        if (paymentUrl == null || !(paymentUrl.startsWith("http://") || paymentUrl.startsWith("https://"))) {
            throw new GatewayException("the gateway's answer has no paymentUrl");
        }
        return new Created(created.path("paymentIntentId").asText(), paymentUrl);
    }

    /** {@code GET /payments/{id}}: the seed's server-side verification. */
    public JsonNode payment(String paymentId) throws GatewayException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trimSlash(config.gatewayUrl()) + "/payments/" + paymentId))
                .timeout(Duration.ofSeconds(10)).GET();
        authorize(request);
        return send(request.build(), 200);
    }

    private void authorize(HttpRequest.Builder request) {
        config.apiKey().filter(key -> !key.isBlank()).ifPresent(key -> request.header("Authorization", "Bearer " + key));
    }

    private JsonNode send(HttpRequest request, int expected) throws GatewayException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            if (response.statusCode() != expected) {
                String detail = body.path("detail").asText(body.path("title").asText("no detail"));
                throw new GatewayException("the gateway answered " + response.statusCode() + ": " + detail);
            }
            return body;
        } catch (IOException e) {
            throw new GatewayException("the gateway at " + config.gatewayUrl() + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted");
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
