package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The Stripe emulator's admin surface ({@code /_emulator}) and the one {@code /v1} call a shopper's retry makes. */
final class StripeEmulator {

    private static final String BASE = "http://127.0.0.1:12111";

    private StripeEmulator() {
    }

    /** The shopper pays: Stripe's PaymentIntent succeeds and {@code payment_intent.succeeded} is sent. */
    static void authorize(Shop.Intent intent) {
        post("/_emulator/payment_intents/" + intent.stripeId() + "/authorize");
    }

    /** The bank declines: {@code payment_intent.payment_failed}, the intent waits for another payment method. */
    static void decline(Shop.Intent intent) {
        post("/_emulator/payment_intents/" + intent.stripeId() + "/fail");
    }

    /** The shopper tries again after a decline, as Stripe's PromptPay flow allows: a fresh QR, requires_action. */
    static void confirmAgain(Shop.Intent intent, String stripeSecretKey) {
        String form = "payment_method_data[type]=promptpay&payment_method_data[billing_details][email]="
                + URLEncoder.encode("shopper@example.com", StandardCharsets.UTF_8);
        HttpResponse<String> confirmed = LocalStack.send(request("/v1/payment_intents/" + intent.stripeId() + "/confirm")
                .header("Authorization", "Bearer " + stripeSecretKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals("requires_action", Shop.read(confirmed.body()).get("status").asText(), confirmed.body());
    }

    /** Every event of one Stripe PaymentIntent, oldest first, with its deliveries. */
    static List<JsonNode> events(Shop.Intent intent) {
        HttpResponse<String> listed = LocalStack.send(request("/_emulator/events?paymentIntent=" + intent.stripeId()));
        assertEquals(200, listed.statusCode(), listed.body());
        List<JsonNode> events = new ArrayList<>();
        Shop.read(listed.body()).get("data").forEach(events::add);
        return events;
    }

    static JsonNode event(Shop.Intent intent, String type) {
        return events(intent).stream().filter(event -> type.equals(event.get("type").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event for " + intent + " at the emulator"));
    }

    /** Stripe ids of the PaymentIntents whose success webhook had an attempt refused (not 2xx, or no answer). */
    static Set<String> successesRefusedAtLeastOnce() {
        HttpResponse<String> listed = LocalStack.send(request("/_emulator/events?type=" + PaymentInvariant.SUCCEEDED));
        assertEquals(200, listed.statusCode(), listed.body());
        Set<String> refused = new HashSet<>();
        for (JsonNode event : Shop.read(listed.body()).get("data")) {
            for (JsonNode delivery : event.get("deliveries")) {
                for (JsonNode attempt : delivery.get("attempts")) {
                    int status = attempt.path("httpStatus").asInt(0);
                    if (status < 200 || status >= 300) {
                        refused.add(event.get("paymentIntent").asText());
                    }
                }
            }
        }
        return refused;
    }

    static JsonNode event(String eventId) {
        HttpResponse<String> found = LocalStack.send(request("/_emulator/events/" + eventId));
        assertEquals(200, found.statusCode(), found.body());
        return Shop.read(found.body());
    }

    /**
     * Sends the same event (same id and body, a fresh signature) to the webhook endpoints again, and returns once
     * webhook ingest accepted it, so that a sequence of replays arrives in exactly the order given.
     */
    static void replayAndAwaitAcceptance(String eventId) {
        int before = event(eventId).get("deliveries").size();
        post("/_emulator/events/" + eventId + "/replay");
        Await.until("Stripe event " + eventId + " accepted again", Duration.ofSeconds(30), () -> {
            JsonNode deliveries = event(eventId).get("deliveries");
            return deliveries.size() > before && "delivered".equals(deliveries.get(deliveries.size() - 1).get("state").asText());
        }, () -> event(eventId).toString());
    }

    /**
     * Stripe's webhooks are lost until the returned handle is closed: events still happen and are listed, but go
     * to no endpoint, and closing does not send them later.
     */
    static AutoCloseable webhooksLost() {
        List<String> configured = new ArrayList<>();
        Shop.read(LocalStack.send(request("/_emulator/webhook-endpoints")).body()).get("urls")
                .forEach(url -> configured.add(url.asText()));
        setWebhookEndpoints(List.of());
        return () -> setWebhookEndpoints(configured);
    }

    private static void setWebhookEndpoints(List<String> urls) {
        HttpResponse<String> set = LocalStack.send(request("/_emulator/webhook-endpoints")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Shop.write(Map.of("urls", urls)))));
        assertEquals(200, set.statusCode(), set.body());
    }

    private static void post(String path) {
        HttpResponse<String> answered = LocalStack.send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, answered.statusCode(), path + ": " + answered.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path));
    }
}
