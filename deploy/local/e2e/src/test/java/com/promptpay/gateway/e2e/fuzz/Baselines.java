package com.promptpay.gateway.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid request for each operation: the right credentials and objects that exist, so mutations start from
 * something the service accepts and reach past authentication. What the OpenAPI document says (parameters, the
 * body's example or schema) is used where it is enough; the rest is written here.
 */
final class Baselines {

    /** What kind of answers an operation gives, which decides what a correct error looks like. */
    enum Kind { JSON_API, HTML_PAGE, EVENT_STREAM }

    record Spec(Kind kind, BiFunction<Random, Integer, Draft> baseline, Consumer<Draft> signer, boolean handWritten) {
    }

    private Baselines() {
    }

    static Spec of(Operation operation, Fixtures fixtures) {
        String demo = "Bearer " + fixtures.demoKey();
        String admin = "Bearer " + fixtures.adminToken();
        Consumer<Draft> none = draft -> { };
        return switch (operation.key()) {
            case "POST /admin/merchants" -> json(operation, admin, Map.of(), (random, index) -> merchantBody(fixtures, index));
            case "PATCH /admin/merchants/{id}" -> json(operation, admin, Map.of("id", fixtures.fuzzMerchantId()),
                    (random, index) -> merchantBody(fixtures, index));
            case "GET /admin/merchants/{id}", "POST /admin/merchants/{id}/api-keys" ->
                    json(operation, admin, Map.of("id", fixtures.fuzzMerchantId()), null);
            case "DELETE /admin/merchants/{id}/api-keys/{keyId}" -> json(operation, admin,
                    Map.of("id", fixtures.fuzzMerchantId(), "keyId", fixtures.spareKeyId()), null);
            case "POST /payments/intents" -> json(operation, demo, Map.of(), (random, index) -> operation.bodyExample()
                    .orElseThrow(() -> new IllegalStateException("the seed example is gone from the OpenAPI document")).deepCopy());
            case "GET /payments" -> new Spec(Kind.JSON_API, (random, index) -> {
                Draft draft = draft(operation, demo, Map.of());
                draft.setQuery("status", "requires_action");
                draft.setQuery("limit", "5");
                return draft;
            }, none, true);
            case "GET /payments/{id}" -> json(operation, demo, Map.of("id", fixtures.openIntent()), null);
            case "POST /payments/{id}/cancel" -> json(operation, demo, Map.of("id", fixtures.apiCancelIntent()), null);
            case "POST /payment-links" -> json(operation, demo, Map.of(), (random, index) -> linkBody(fixtures));
            case "GET /pay/{merchantId}" -> new Spec(Kind.HTML_PAGE, (random, index) -> {
                Draft draft = draft(operation, null, Map.of("merchantId", fixtures.settings().get("DEMO_MERCHANT_ID")));
                linkBody(fixtures).fields().forEachRemaining(field -> draft.setQuery(field.getKey(), field.getValue().asText()));
                return draft;
            }, draft -> signLink(draft, fixtures.settings().get("DEMO_MERCHANT_LINK_SECRET")), true);
            case "GET /payment/{id}", "GET /payment/{id}/return" -> new Spec(Kind.HTML_PAGE, (random, index) -> {
                Draft draft = draft(operation, null, Map.of("id", fixtures.openIntent()));
                draft.setQuery("lang", "th");
                return draft;
            }, none, true);
            case "POST /payment/{id}/cancel" -> new Spec(Kind.HTML_PAGE, (random, index) -> {
                Draft draft = draft(operation, null, Map.of("id", fixtures.pageCancelIntent()));
                draft.setHeader("Cookie", "pp_csrf=" + fixtures.csrfCookie());
                draft.setHeader("Content-Type", "application/x-www-form-urlencoded");
                draft.form = new ArrayList<>(List.of(new String[] {"csrf", fixtures.csrfToken()}, new String[] {"lang", "en"}));
                return draft;
            }, none, true);
            case "GET /payment/{id}/status", "GET /payment/{id}/qr.png" -> json(operation, null, Map.of("id", fixtures.openIntent()), null);
            case "GET /payment/{id}/events" -> new Spec(Kind.EVENT_STREAM,
                    (random, index) -> draft(operation, null, Map.of("id", fixtures.openIntent())), none, true);
            case "POST /webhooks/stripe" -> new Spec(Kind.JSON_API, (random, index) -> {
                Draft draft = draft(operation, null, Map.of());
                draft.setHeader("Content-Type", "application/json; charset=utf-8");
                draft.json = stripeEvent(fixtures, random, index);
                return draft;
            }, draft -> signStripe(draft, fixtures.settings().get("STRIPE_WEBHOOK_SECRET")), true);
            case "GET /webhook-deliveries" -> new Spec(Kind.JSON_API, (random, index) -> {
                Draft draft = draft(operation, demo, Map.of());
                draft.setQuery("limit", "5");
                return draft;
            }, none, true);
            case "GET /webhook-deliveries/{id}", "POST /webhook-deliveries/{id}/retry" ->
                    json(operation, demo, Map.of("id", fixtures.deliveryId()), null);
            case "GET /webhook-endpoints", "POST /webhook-endpoints/test" -> json(operation, demo, Map.of(), null);
            case "POST /webhook-endpoints/recover" -> json(operation, demo, Map.of(), (random, index) ->
                    Draft.JSON.createObjectNode().put("since", Instant.now().minusSeconds(3600).toString()));
            default -> generic(operation, demo);
        };
    }

    private static Spec json(Operation operation, String authorization, Map<String, String> pathValues,
            BiFunction<Random, Integer, JsonNode> body) {
        return new Spec(Kind.JSON_API, (random, index) -> {
            Draft draft = draft(operation, authorization, pathValues);
            if (body != null) {
                draft.setHeader("Content-Type", "application/json");
                draft.json = body.apply(random, index);
            }
            return draft;
        }, draft -> { }, true);
    }

    /** An operation nobody wrote a baseline for yet: whatever the document shows, and the demo merchant's key. */
    private static Spec generic(Operation operation, String demo) {
        return new Spec(Kind.JSON_API, (random, index) -> {
            Map<String, String> values = new TreeMap<>();
            operation.in("path").forEach(parameter -> values.put(parameter.name(), "x"));
            Draft draft = draft(operation, demo, values);
            operation.bodyExample().or(() -> operation.bodySchema().map(Baselines::fromSchema)).ifPresent(body -> {
                draft.setHeader("Content-Type", operation.bodyMediaType().orElse("application/json"));
                draft.json = body.deepCopy();
            });
            return draft;
        }, draft -> { }, false);
    }

    private static JsonNode fromSchema(JsonNode schema) {
        ObjectNode body = Draft.JSON.createObjectNode();
        schema.path("properties").fieldNames().forEachRemaining(name -> body.put(name, "x"));
        return body;
    }

    private static Draft draft(Operation operation, String authorization, Map<String, String> pathValues) {
        Draft draft = new Draft(operation.method(), operation.template());
        draft.pathValues.putAll(pathValues);
        if (authorization != null) {
            draft.setHeader("Authorization", authorization);
        }
        draft.setHeader("Accept", "*/*");
        return draft;
    }

    private static JsonNode merchantBody(Fixtures fixtures, int index) {
        ObjectNode body = Draft.JSON.createObjectNode().put("name", "Fuzz shop " + fixtures.runId() + "-" + index);
        body.putArray("allowedOrigins").add(Fixtures.FUZZ_ORIGIN);
        body.putObject("webhook").put("url", "http://localhost:3001/webhooks/fuzz").put("format", "standard");
        body.put("defaultCallbackUrl", Fixtures.FUZZ_ORIGIN + "/ok").put("defaultCancelUrl", Fixtures.FUZZ_ORIGIN + "/cancel");
        return body;
    }

    private static ObjectNode linkBody(Fixtures fixtures) {
        return Draft.JSON.createObjectNode().put("uid", "fuzz-" + fixtures.runId()).put("text", "Fuzz order")
                .put("sum", "10000").put("email", "fuzz@example.com").put("callbackUrl", Fixtures.DEMO_CALLBACK)
                .put("cancelUrl", Fixtures.DEMO_CANCEL);
    }

    /** payment_intent.succeeded for a gateway intent that does not exist: verified, published, then ignored. */
    private static JsonNode stripeEvent(Fixtures fixtures, Random random, int index) {
        ObjectNode event = Draft.JSON.createObjectNode().put("id", "evt_fuzz" + fixtures.runId() + "x" + index)
                .put("object", "event").put("api_version", "2026-07-29.dahlia").put("created", Instant.now().getEpochSecond())
                .put("livemode", false).put("pending_webhooks", 1).put("type", "payment_intent.succeeded");
        ObjectNode intent = event.putObject("data").putObject("object").put("id", Nasty.wellFormedId("pi", random))
                .put("object", "payment_intent").put("amount", 10000).put("amount_received", 10000).put("currency", "thb")
                .put("status", "succeeded");
        intent.putObject("metadata").put("gateway_intent_id", Nasty.wellFormedId("pi", random))
                .put("gateway_merchant_id", fixtures.settings().get("DEMO_MERCHANT_ID"));
        return event;
    }

    /** Stripe-Signature over the final bytes, so a mutated body still gets past verification into parsing. */
    static void signStripe(Draft draft, String secret) {
        draft.setHeader("Stripe-Signature", stripeSignature(draft.body(), secret, Instant.now().getEpochSecond()));
    }

    static String stripeSignature(byte[] body, String secret, long timestamp) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = java.util.Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, payload, prefix.length, body.length);
        return "t=" + timestamp + ",v1=" + hmacHex(secret, payload);
    }

    /** The link's sign over its parameters as the server decodes them (README, "Payment links"). */
    static void signLink(Draft draft, String secret) {
        draft.query.removeIf(pair -> pair[0].equals("sign"));
        String canonical = new TreeMap<>(draft.decodedQuery()).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining("\n"));
        draft.query.add(new String[] {"sign", hmacHex(secret, canonical.getBytes(StandardCharsets.UTF_8))});
    }

    private static String hmacHex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
