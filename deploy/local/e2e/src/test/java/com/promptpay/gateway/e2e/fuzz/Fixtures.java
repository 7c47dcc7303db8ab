package com.promptpay.gateway.e2e.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The objects the baselines point at, made through the public entry before fuzzing starts. Each operation that
 * changes state gets an object of its own, so one operation's cases cannot spoil another's baseline.
 */
record Fixtures(Map<String, String> settings, String runId, String fuzzMerchantId, String spareKeyId,
        String openIntent, String apiCancelIntent, String pageCancelIntent, String foreignIntent, String csrfCookie,
        String csrfToken, String deliveryId) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FUZZ_ORIGIN = "https://fuzz.example";
    static final String DEMO_CALLBACK = "https://your-site.com/payment/success";
    static final String DEMO_CANCEL = "https://your-site.com/payment/cancel";

    String demoKey() {
        return settings.get("DEMO_MERCHANT_API_KEY");
    }

    String adminToken() {
        return settings.get("GATEWAY_ADMIN_TOKEN");
    }

    static Fixtures create(HttpClient http, Map<String, String> settings) throws IOException, InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        String admin = "Bearer " + settings.get("GATEWAY_ADMIN_TOKEN");
        JsonNode merchant = call(http, "POST", "/admin/merchants", admin, """
                {"name":"Fuzz shop","allowedOrigins":["%s"],"webhook":{"url":"http://localhost:3001/webhooks/fuzz","format":"standard"}}"""
                .formatted(FUZZ_ORIGIN), 201);
        String fuzzMerchantId = merchant.get("id").asText();
        String foreign = intent(http, "Bearer " + merchant.get("apiKey").asText(), FUZZ_ORIGIN + "/ok", FUZZ_ORIGIN + "/cancel");
        String delivery = testDelivery(http, "Bearer " + settings.get("DEMO_MERCHANT_API_KEY"));
        return new Fixtures(settings, runId, fuzzMerchantId, null, null, null, null, foreign, null, null, delivery)
                .withFreshObjects(http);
    }

    /**
     * New open intents, a new cancel form and a new spare key for the next operation: a long run outlives an intent's
     * expiry, and one operation's cancels and deletes must not spoil another operation's baseline.
     */
    Fixtures withFreshObjects(HttpClient http) throws IOException, InterruptedException {
        String demo = "Bearer " + demoKey();
        String spareKey = call(http, "POST", "/admin/merchants/" + fuzzMerchantId + "/api-keys", "Bearer " + adminToken(), null,
                201).get("id").asText();
        String open = intent(http, demo, DEMO_CALLBACK, DEMO_CANCEL);
        String apiCancel = intent(http, demo, DEMO_CALLBACK, DEMO_CANCEL);
        String pageCancel = intent(http, demo, DEMO_CALLBACK, DEMO_CANCEL);
        HttpResponse<String> page = send(http, "GET", "/payment/" + pageCancel + "?lang=en", null, null);
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("pp_csrf="))
                .map(c -> c.substring("pp_csrf=".length(), c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the checkout page set no pp_csrf cookie"));
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("the checkout page carries no CSRF token");
        }
        return new Fixtures(settings, runId, fuzzMerchantId, spareKey, open, apiCancel, pageCancel, foreignIntent, cookie,
                token.group(1), deliveryId);
    }

    private static String intent(HttpClient http, String authorization, String callbackUrl, String cancelUrl)
            throws IOException, InterruptedException {
        return call(http, "POST", "/payments/intents", authorization, JSON.writeValueAsString(Map.of("amount", 10000,
                "email", "fuzz@example.com", "callbackUrl", callbackUrl, "cancelUrl", cancelUrl)), 201)
                .get("paymentIntentId").asText();
    }

    /** The dispatcher learns the demo merchant from Kafka after start-up: a delivery exists once it has. */
    private static String testDelivery(HttpClient http, String demo) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> test = send(http, "POST", "/webhook-endpoints/test", demo, null);
            if (test.statusCode() == 202) {
                return JSON.readTree(test.body()).get("id").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no test delivery in 60 s: " + test.statusCode() + " " + test.body());
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode call(HttpClient http, String method, String path, String authorization, String body,
            int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = send(http, method, path, authorization, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> send(HttpClient http, String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:3000" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
