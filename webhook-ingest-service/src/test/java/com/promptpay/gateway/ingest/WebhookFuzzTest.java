package com.promptpay.gateway.ingest;

import static com.promptpay.gateway.ingest.support.StripeEvents.CURRENT_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.ingest.support.StripeEvents;
import com.promptpay.gateway.ingest.support.Webhooks;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Random and hostile bodies, headers and content types, many of them validly signed so that they reach
 * the JSON and event handling behind the signature check. None may produce a 5xx or leak a stack trace.
 * The seed is printed; rerun one with {@code -Dfuzz.seed=…}.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class WebhookFuzzTest {

    private static final int CASES = Integer.getInteger("fuzz.cases", 400);
    private static final String[] CONTENT_TYPES = {
            null, "application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "multipart/form-data",
            "application/json; charset=klingon", "*/*", "garbage", ";;;", "application/octet-stream" };
    private static final String[] TYPES = {
            "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled",
            "payment_intent.created", "charge.refunded", "", "payment_intent.succeeded\u0000", "x".repeat(300) };

    @TestHTTPResource("/webhooks/stripe")
    URI endpoint;

    @Test
    void fuzzedBodiesAndHeadersNeverProduceA5xx() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("WebhookFuzzTest seed " + seed);
        Random random = new Random(seed);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            byte[] body = body(random);
            String signature = signature(random, body);
            String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (signature != null) {
                request.header("Stripe-Signature", signature);
            }
            if (random.nextInt(10) == 0) {
                request.header("Accept", random.nextBoolean() ? "text/html" : "application/xml;q=0.1, image/png");
            }
            HttpResponse<String> response = Webhooks.send(request.build());
            String context = "case " + i + " (seed " + seed + "): " + response.statusCode() + " " + response.body()
                    + "\nbody: " + preview(body) + "\nsignature: " + signature + "\ncontent-type: " + contentType;
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(response.statusCode() < 500, context);
            assertFalse(response.body().contains("Exception") || response.body().contains("\tat ")
                    || response.body().contains(".java:"), context);
            if (response.statusCode() >= 400) {
                assertEquals("application/problem+json",
                        response.headers().firstValue("Content-Type").orElse("").split(";")[0], context);
            }
        }
        System.out.println("WebhookFuzzTest statuses " + statuses);
        assertTrue(statuses.getOrDefault(400, 0) > 0 && statuses.getOrDefault(200, 0) > 0,
                "the cases should both pass and fail verification: " + statuses);
    }

    private static byte[] body(Random random) {
        switch (random.nextInt(7)) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(3000)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1:
                return mutate(random, event(random));
            case 2:
                return randomJson(random, 0).getBytes(StandardCharsets.UTF_8);
            case 3: {
                int depth = 1 + random.nextInt(20_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
            }
            case 4:
                return strangeEvent(random).getBytes(StandardCharsets.UTF_8);
            case 5:
                return new byte[0];
            default:
                return event(random);
        }
    }

    private static byte[] event(Random random) {
        var builder = StripeEvents.paymentIntent(TYPES[random.nextInt(3)]);
        if (random.nextInt(4) == 0) {
            builder.withoutGatewayMetadata();
        }
        if (random.nextInt(4) == 0) {
            builder.amount(random.nextLong());
        }
        return builder.body();
    }

    private static byte[] mutate(Random random, byte[] body) {
        byte[] copy = body.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && copy.length > 0; e++) {
            int at = random.nextInt(copy.length);
            switch (random.nextInt(3)) {
                case 0 -> copy[at] = (byte) random.nextInt(256);
                case 1 -> copy[at] = (byte) "{}[]\",:0\\".charAt(random.nextInt(9));
                default -> copy = java.util.Arrays.copyOf(copy, at);
            }
        }
        return copy;
    }

    /** Well-formed JSON in the shape of an event, with wrong types and odd values where Stripe has ids. */
    private static String strangeEvent(Random random) {
        String[] values = { "null", "1", "-1", "1e400", "\"\"", "[]", "{}", "true", "\"evt_\"", "\"\\u0000\"",
                "9223372036854775808", "\"" + "a".repeat(5000) + "\"", "{\"object\":\"payment_intent\"}",
                "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":\"ten\",\"currency\":5,\"metadata\":[]}",
                "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":100,\"currency\":\"thb\","
                        + "\"metadata\":{\"gateway_intent_id\":\"" + "i".repeat(400) + "\"}}",
                "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":100,\"currency\":\"thb\","
                        + "\"metadata\":{\"gateway_intent_id\":\"pi_x\"},\"last_payment_error\":7}" };
        String id = random.nextBoolean() ? "\"" + StripeEvents.newEventId() + "\"" : values[random.nextInt(values.length)];
        String type = random.nextBoolean() ? "\"" + TYPES[random.nextInt(TYPES.length)].replace("\u0000", "\\u0000") + "\""
                : values[random.nextInt(values.length)];
        String object = values[random.nextInt(values.length)];
        String created = random.nextBoolean() ? Long.toString(Instant.now().getEpochSecond()) : values[random.nextInt(values.length)];
        return "{\"id\":" + id + ",\"object\":\"event\",\"api_version\":\"" + (random.nextBoolean()
                ? com.stripe.Stripe.API_VERSION : "1999-01-01") + "\",\"created\":" + created + ",\"type\":" + type
                + ",\"data\":{\"object\":" + object + "}}";
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> "\"" + randomText(random) + "\"";
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> Double.toString(random.nextGaussian() * 1e10);
            case 4 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                String[] keys = { "id", "type", "data", "object", "amount", "metadata", "created", "api_version" };
                StringBuilder object = new StringBuilder("{");
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.append('"').append(keys[random.nextInt(keys.length)]).append("\":")
                            .append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
        };
    }

    private static String randomText(Random random) {
        String alphabet = "abcXYZ019_.-/\\\"' \u00e9\u0e01\u20ac";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            text.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
        }
        return text.toString();
    }

    /** Half of the cases carry a valid signature for the exact body, so they get past the check. */
    private static String signature(Random random, byte[] body) {
        long now = Instant.now().getEpochSecond();
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3, 4, 5 -> StripeEvents.signature(CURRENT_SECRET, now, body);
            case 6 -> null;
            case 7 -> StripeEvents.signature(CURRENT_SECRET, random.nextLong(), body);
            case 8 -> "t=" + now + ",v1=" + "z".repeat(random.nextInt(80));
            case 9 -> new String[] { "", ",", ",,,,", "t=", "t=,v1=", "v1", "t=99999999999999999999,v1=00",
                    "t=-5,v1=ab", "t=1e3,v1=ab", "t=" + now + ",t=" + now + ",v1=ab", "t=\u00bd,v1=ab",
                    "=", "t==,v1==" }[random.nextInt(13)];
            case 10 -> "t=" + now + ",v1=" + StripeEvents.v1(CURRENT_SECRET, now, body) + ",v1=x".repeat(
                    random.nextInt(200));
            default -> printable(random, random.nextInt(4000));
        };
    }

    private static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
        }
        return text.toString().strip();
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return text.length() > 300 ? text.substring(0, 300) + "… (" + body.length + " bytes)" : text;
    }
}
