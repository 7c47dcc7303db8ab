package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

/**
 * The product as a newcomer runs it. {@code ./gateway up} on this checkout, the seed's flows driven from
 * outside through the :3000 entry and the Stripe emulator's test page, then {@code ./gateway down},
 * which must leave no port and no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEED_BODY = """
            {
              "amount": 10000,
              "email": "customer@example.com",
              "description": "สั่งซื้อสินค้า Order #12345",
              "callbackUrl": "https://your-site.com/payment/success",
              "cancelUrl": "https://your-site.com/payment/cancel",
              "metadata": {
                "orderId": "12345",
                "userId": "user_abc"
              }
            }""";

    private static Map<String, String> settings;
    private static WebhookSink sink;
    /** Every secret, key, email and signature the flows saw: none may appear in any log. */
    private static final java.util.Set<String> SECRETS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile String seedIntentId;

    @BeforeAll
    static void up() {
        List<Integer> taken = LocalStack.PORTS.stream().filter(LocalStack::listening).toList();
        assertEquals(List.of(), taken, "ports already in use before the test (stop your local stack: ./gateway down)");
        // JSON logs, as in production, so the log test below reads fields rather than guessing from text.
        LocalStack.Result up = LocalStack.gateway(Map.of("GATEWAY_LOG_JSON", "true"), "up");
        assertEquals(0, up.exitCode(), up.output());
        assertTrue(up.output().contains("The PromptPay gateway is up at http://localhost:3000"), up.output());
        settings = LocalStack.settings();
        for (String name : List.of("GATEWAY_ADMIN_TOKEN", "GATEWAY_SERVICE_TOKEN", "GATEWAY_SECRETS_KEY", "STRIPE_SECRET_KEY",
                "STRIPE_WEBHOOK_SECRET", "DEMO_MERCHANT_API_KEY", "DEMO_MERCHANT_WEBHOOK_SECRET",
                "DEMO_MERCHANT_REDIRECT_SECRET", "DEMO_MERCHANT_LINK_SECRET")) {
            rememberSecret(settings.get(name));
        }
        rememberSecret("customer@example.com");
        sink = new WebhookSink();
    }

    @AfterAll
    static void downLeavesNothingBehind() throws IOException {
        if (sink != null) {
            sink.close();
        }
        LocalStack.Result down = LocalStack.gateway("down");
        assertEquals(0, down.exitCode(), down.output());
        assertEquals(List.of(), LocalStack.PORTS.stream().filter(LocalStack::listening).toList(), "ports left open");
        assertEquals(List.of(), LocalStack.leftoverProcesses(), "processes left running");
    }

    @Test
    void aSecondUpIsANoOpAndStatusShowsEveryServiceReady() {
        LocalStack.Result again = LocalStack.gateway("up");
        assertEquals(0, again.exitCode());
        assertTrue(again.output().contains("already running"), again.output());
        LocalStack.Result status = LocalStack.gateway("status");
        for (String service : List.of("intent-service", "checkout-page-service", "webhook-ingest-service",
                "callback-dispatcher-service")) {
            assertTrue(status.output().contains(service + ": ready"), status.output());
        }
    }

    @Test
    void everyServiceAnswersItsOwnPathsThroughTheEntry() throws IOException {
        HttpResponse<String> list = LocalStack.send(LocalStack.at("/payments?limit=1")
                .header("Authorization", "Bearer " + settings.get("DEMO_MERCHANT_API_KEY")));
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(JSON.readTree(list.body()).has("data"), list.body());
        HttpResponse<String> webhook = LocalStack.send(LocalStack.at("/webhooks/stripe")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(400, webhook.statusCode(), "unsigned Stripe webhook: " + webhook.body());
        HttpResponse<String> page = LocalStack.send(LocalStack.at("/payment/pi_000000000000000000000000"));
        assertEquals(404, page.statusCode());
        assertFalse(page.body().contains("No service answers this path"), "the entry answered, not checkout");
        HttpResponse<String> deliveries = LocalStack.send(LocalStack.at("/webhook-deliveries"));
        assertEquals(401, deliveries.statusCode(), "dispatcher without a key: " + deliveries.body());
        HttpResponse<String> unknown = LocalStack.send(LocalStack.at("/q/health"));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("No service answers this path"), unknown.body());
    }

    /** The Thai seed, steps 1–6, and its server-side check; then the merchant's webhook. */
    @Test
    void theSeedsFlowPaysRedirectsWithASignatureAndNotifiesTheMerchant() throws Exception {
        JsonNode merchant = merchant("standard", "/seed-hooks");
        JsonNode created = createIntent(merchant, SEED_BODY);
        String id = created.get("paymentIntentId").asText();
        seedIntentId = id;
        assertEquals("http://localhost:3000/payment/" + id, created.get("paymentUrl").asText());

        HttpResponse<String> page = LocalStack.send(LocalStack.at("/payment/" + id + "?lang=th"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<svg"), "the QR is drawn inline");
        assertTrue(page.body().contains("฿100.00"), "the amount in baht");

        authorizeAtStripeTestPage(created.get("qr").get("data").asText());
        awaitTrue(() -> "succeeded".equals(publicStatus(id)), "intent succeeded");

        HttpResponse<String> back = LocalStack.send(LocalStack.at("/payment/" + id + "/return"));
        assertEquals(303, back.statusCode(), back.body());
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        assertEquals("https://your-site.com/payment/success", callback.getScheme() + "://" + callback.getHost() + callback.getPath());
        Map<String, String> query = query(callback);
        assertEquals(id, query.get("payment_id"));
        assertEquals("success", query.get("status"));
        assertEquals("10000", query.get("amount"));
        assertEquals(hmacHex(merchant.get("redirectSecret").asText(), "amount=10000&payment_id=" + id + "&status=success"),
                query.get("signature"));
        rememberSecret(query.get("signature"));

        // The seed's server-side verification: GET /payments/{id} without a key.
        JsonNode verified = JSON.readTree(LocalStack.send(LocalStack.at("/payments/" + id)).body());
        assertEquals("succeeded", verified.get("status").asText());
        assertEquals(10000, verified.get("amount").asInt());

        awaitTrue(() -> sink.received("/seed-hooks").stream().anyMatch(hook -> hook.body().contains(id)), "webhook arrived");
        WebhookSink.Received hook = sink.received("/seed-hooks").stream().filter(h -> h.body().contains(id)).findFirst().orElseThrow();
        new Webhook(merchant.get("webhookSecret").asText()).verify(hook.body(), hook.headers());
        for (String signature : hook.header("webhook-signature").split(" ")) {
            rememberSecret(signature.substring(signature.indexOf(',') + 1));
        }
        JsonNode event = JSON.readTree(hook.body());
        assertEquals("payment_intent.succeeded", event.get("type").asText());
        assertEquals(id, event.get("data").get("paymentIntentId").asText());
        assertEquals(10000, event.get("data").get("amount").asInt());
        assertEquals("12345", event.get("data").get("metadata").get("orderId").asText());
    }

    @Test
    void theSeedsCancelFlowRedirectsWithStatusCancelAndPaysNothing() throws Exception {
        JsonNode merchant = merchant("standard", "/cancel-hooks");
        String id = createIntent(merchant, SEED_BODY).get("paymentIntentId").asText();

        HttpResponse<String> page = LocalStack.send(LocalStack.at("/payment/" + id + "?lang=en"));
        assertEquals(200, page.statusCode());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("pp_csrf="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(token.find(), "the cancel form carries a CSRF token");

        HttpResponse<String> canceled = LocalStack.send(LocalStack.at("/payment/" + id + "/cancel")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8) + "&lang=en")));
        assertEquals(303, canceled.statusCode(), canceled.body());
        URI cancelUrl = URI.create(canceled.headers().firstValue("Location").orElseThrow());
        assertEquals("/payment/cancel", cancelUrl.getPath());
        Map<String, String> query = query(cancelUrl);
        assertEquals(id, query.get("payment_id"));
        assertEquals("cancel", query.get("status"));
        assertEquals(hmacHex(merchant.get("redirectSecret").asText(), "payment_id=" + id + "&status=cancel"), query.get("signature"));
        rememberSecret(query.get("signature"));
        assertEquals("canceled", publicStatus(id));

        HttpResponse<String> forged = LocalStack.send(LocalStack.at("/payment/" + id + "/cancel")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=forged")));
        assertEquals(403, forged.statusCode(), "a cancel without the page's token is refused");
    }

    /** The Dromon seed: a link the merchant signs by hand, paid, then {uid,text,sum} with Bearer md5(app_secret). */
    @Test
    void aHandSignedPaymentLinkPaysAndTheDromonWebhookCarriesItsUid() throws Exception {
        JsonNode merchant = merchant("dromon", "/dromon-handler");
        String uid = "88273-D-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> link = new TreeMap<>(Map.of("uid", uid, "text", "Заказ " + uid, "sum", "10000",
                "callbackUrl", "https://your-site.com/payment/success", "cancelUrl", "https://your-site.com/payment/cancel"));
        String canonical = link.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        String query = link.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")) + "&sign=" + hmacHex(merchant.get("linkSecret").asText(), canonical);
        String payLink = "/pay/" + merchant.get("id").asText() + "?" + query;

        HttpResponse<String> opened = LocalStack.send(LocalStack.at(payLink));
        assertEquals(303, opened.statusCode(), opened.body());
        String paymentUrl = opened.headers().firstValue("Location").orElseThrow();
        String id = paymentUrl.substring(paymentUrl.lastIndexOf('/') + 1);
        assertEquals(paymentUrl, LocalStack.send(LocalStack.at(payLink)).headers().firstValue("Location").orElseThrow(),
                "reopening the link finds the same payment");

        JsonNode full = JSON.readTree(LocalStack.send(LocalStack.at("/payments/" + id)
                .header("Authorization", "Bearer " + merchant.get("apiKey").asText())).body());
        authorizeAtStripeTestPage(full.get("qr").get("data").asText());
        awaitTrue(() -> !sink.received("/dromon-handler").isEmpty(), "the Dromon callback arrived");

        WebhookSink.Received callback = sink.received("/dromon-handler").get(0);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(merchant.get("appSecret").asText().getBytes(StandardCharsets.UTF_8)));
        assertEquals("Bearer " + md5, callback.header("Authorization"));
        rememberSecret(md5);
        JsonNode body = JSON.readTree(callback.body());
        assertEquals(uid, body.get("uid").asText());
        assertEquals("Заказ " + uid, body.get("text").asText());
        assertEquals(10000, body.get("sum").asInt());
        assertEquals(3, body.size(), "exactly the seed's fields: " + callback.body());
    }

    /** The shopper's side in a real browser: headless Chromium walks pay, cancel, languages, no-JS and the demo shop. */
    @Test
    void aRealBrowserWalksTheCheckoutFlows() throws Exception {
        Path browserTests = LocalStack.root().resolve("checkout-page-service/src/test/browser");
        assertTrue(Files.isDirectory(browserTests.resolve("node_modules/playwright-core")),
                "run 'npm ci' in " + browserTests + " first (.ci/run does)");
        Path output = Files.createTempFile("browser-flow", ".log");
        Process node = new ProcessBuilder("node", "checkout-flow.test.mjs").directory(browserTests.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        boolean finished = node.waitFor(5, java.util.concurrent.TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        String log = Files.readString(output);
        assertTrue(finished, "the browser test did not finish in 5 minutes:\n" + log);
        assertEquals(0, node.exitValue(), log);
    }

    /**
     * After every flow: each metric family the dashboards and alerts read (deploy/observability/metrics.txt) is
     * exposed by every service the catalog names, with the catalogued type and labels. Families tagged by merchant
     * or event type exist once the flows ran; the rest exist from startup, at zero. What the services expose beyond
     * the catalog is not checked: nothing reads it.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void everyCataloguedMetricIsExposedByItsServices() {
        Map<String, ServiceMetrics.Scrape> scrapes = new TreeMap<>();
        ServiceMetrics.SERVICES.forEach((service, port) -> scrapes.put(service, ServiceMetrics.scrape(port)));
        List<String> mismatches = new java.util.ArrayList<>();
        for (MetricCatalog.Family family : MetricCatalog.read(LocalStack.root())) {
            for (String service : family.services()) {
                if (scrapes.containsKey(service)) {
                    mismatches.addAll(family.mismatches(service, scrapes.get(service)));
                } else {
                    mismatches.add(family.name() + ": no gateway service is called " + service);
                }
            }
        }
        assertEquals(List.of(), mismatches, "catalogued in " + MetricCatalog.FILE + " but not exposed so");
    }

    /**
     * After every flow: the services logged JSON; each line about a payment names its intent and trace; the
     * seed payment's creation and its merchant webhook share one trace across two services, and the Stripe
     * webhook's trace crossed from ingest to intent-service through Kafka; no secret, key, email or signature
     * the flows handled appears in any log.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void logsAreJsonNamePaymentsAndTracesAndHoldNoSecrets() {
        List<ServiceLogs.Line> lines = ServiceLogs.all();
        List<ServiceLogs.Line> unstructured = lines.stream().filter(line -> line.json() == null
                && !line.intentIdsMentioned().isEmpty()).toList();
        assertEquals(List.of(), unstructured, "lines about a payment that are not JSON");
        List<ServiceLogs.Line> aboutPayments = lines.stream().filter(line -> !line.intentIdsMentioned().isEmpty()).toList();
        assertTrue(aboutPayments.size() >= 6, "the flows logged their payments: " + aboutPayments.size());
        for (ServiceLogs.Line line : aboutPayments) {
            assertTrue(line.intentIdsMentioned().contains(line.mdc("intentId")), "no intentId field: " + line.raw());
            assertTrue(line.mdc("traceId").matches("[0-9a-f]{32}"), "no traceId field: " + line.raw());
        }

        String seed = seedIntentId;
        assertTrue(seed != null, "the seed flow ran first");
        List<ServiceLogs.Line> seedLines = aboutPayments.stream().filter(line -> seed.equals(line.mdc("intentId"))).toList();
        String created = traceOf(seedLines, "intent-service", "created");
        assertEquals(created, traceOf(seedLines, "callback-dispatcher-service", "succeeded (HTTP 200)"),
                "the merchant webhook is delivered in the trace of POST /payments/intents");
        assertEquals(traceOf(seedLines, "webhook-ingest-service", "published"),
                traceOf(seedLines, "intent-service", "applied"),
                "the Stripe webhook's trace travels from ingest to intent-service in the record's headers");

        String everything = ServiceLogs.everything();
        List<String> leaked = SECRETS.stream().filter(everything::contains).toList();
        assertEquals(List.of(), leaked, "secrets, keys, emails or signatures in the logs");
    }

    private static String traceOf(List<ServiceLogs.Line> lines, String service, String messagePart) {
        return lines.stream().filter(line -> line.service().equals(service) && line.message().contains(messagePart))
                .map(line -> line.mdc("traceId")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + service + " line containing '" + messagePart + "' in "
                        + lines.stream().map(ServiceLogs.Line::raw).toList()));
    }

    private static JsonNode merchant(String format, String hookPath) throws IOException {
        HttpResponse<String> created = LocalStack.send(LocalStack.at("/admin/merchants")
                .header("Authorization", "Bearer " + settings.get("GATEWAY_ADMIN_TOKEN"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "name", "E2E " + format + " shop",
                        "allowedOrigins", List.of("https://your-site.com"),
                        "webhook", Map.of("url", sink.url(hookPath), "format", format))))));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode merchant = JSON.readTree(created.body());
        for (String secret : List.of("apiKey", "webhookSecret", "redirectSecret", "linkSecret", "appSecret")) {
            rememberSecret(merchant.path(secret).asText(null));
        }
        return merchant;
    }

    private static void rememberSecret(String secret) {
        if (secret != null && !secret.isBlank()) {
            SECRETS.add(secret);
            if (secret.startsWith("whsec_")) {
                SECRETS.add(secret.substring("whsec_".length())); // the key itself, without its prefix
            }
        }
    }

    private static JsonNode createIntent(JsonNode merchant, String body) throws IOException {
        HttpResponse<String> created = LocalStack.send(LocalStack.at("/payments/intents")
                .header("Authorization", "Bearer " + merchant.get("apiKey").asText())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body());
    }

    /** What a shopper's phone does in test mode: open the QR's URL, press "Authorize test payment". */
    private static void authorizeAtStripeTestPage(String qrData) {
        URI testPage = URI.create(qrData);
        assertEquals("localhost", testPage.getHost(), "the QR leads to the emulator's test page on this machine");
        HttpResponse<String> shown = LocalStack.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + testPage.getPort() + testPage.getPath())));
        assertEquals(200, shown.statusCode());
        HttpResponse<String> authorized = LocalStack.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + testPage.getPort() + testPage.getPath() + "/authorize"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertTrue(authorized.statusCode() == 303 || authorized.statusCode() == 200, authorized.body());
    }

    private static String publicStatus(String id) {
        try {
            return JSON.readTree(LocalStack.send(LocalStack.at("/payments/" + id)).body()).get("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String hmacHex(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

}
