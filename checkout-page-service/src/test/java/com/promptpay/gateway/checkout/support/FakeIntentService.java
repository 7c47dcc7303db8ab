package com.promptpay.gateway.checkout.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.events.PrefixedIds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * intent-service's internal endpoints as the page sees them, on a free loopback port: intents are set by
 * the test, the signed redirects are built the way intent-service's RedirectSigner does, and failures
 * (503, slow answers, garbage) can be switched on.
 */
public final class FakeIntentService implements AutoCloseable {

    public static final String SERVICE_TOKEN = "test-service-token";
    public static final String REDIRECT_SECRET = "rsec_test_redirect_secret";

    /** NORMAL answers; UNAVAILABLE says 503; GARBAGE says 200 with HTML; DROP closes the connection unanswered. */
    public enum Mode { NORMAL, UNAVAILABLE, GARBAGE, DROP }

    /** One intent as intent-service would hold it. */
    public static final class Intent {
        public final String id;
        public volatile String status = "requires_action";
        public volatile long amount = 10000;
        public volatile String currency = "thb";
        public volatile String description = "สั่งซื้อสินค้า Order #12345";
        public volatile String merchantName = "Demo Shop";
        public volatile String callbackUrl = "https://your-site.com/payment/success?order=12345";
        public volatile String cancelUrl = "https://your-site.com/payment/cancel";
        public volatile String qrData;
        public volatile Instant expiresAt = Instant.now().plus(Duration.ofMinutes(15));
        public volatile boolean late;
        /** Holds the details answer this long (to open a window between subscribe and read). */
        public volatile Duration detailsDelay = Duration.ZERO;

        Intent(String id) {
            this.id = id;
            this.qrData = "http://127.0.0.1:12111/promptpay/pi_3Stripe" + id.substring(3, 15);
        }
    }

    public record Call(String method, String path, String authorization) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile Duration delay = Duration.ZERO;

    private FakeIntentService(HttpServer server) {
        this.server = server;
    }

    public static FakeIntentService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            FakeIntentService fake = new FakeIntentService(server);
            server.createContext("/internal/intents/", fake::handle);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-intent-service");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Intent create() {
        Intent intent = new Intent(PrefixedIds.next("pi"));
        intents.put(intent.id, intent);
        return intent;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Every answer waits this long first. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public void reset() {
        mode = Mode.NORMAL;
        delay = Duration.ZERO;
        calls.clear();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long callsTo(String intentId) {
        return calls.stream().filter(call -> call.path().contains(intentId)).count();
    }

    /** The URL intent-service would send the shopper to now, or null while open. */
    public static String redirectFor(Intent intent) {
        return switch (intent.status) {
            case "succeeded" -> sign(intent.callbackUrl, Map.of("payment_id", intent.id, "status", "success",
                    "amount", Long.toString(intent.amount)));
            case "canceled", "expired" -> sign(intent.cancelUrl, Map.of("payment_id", intent.id, "status", "cancel"));
            default -> null;
        };
    }

    /** RedirectSigner of intent-service, repeated: sorted {@code k=v&…} with URL-encoded values, hex HMAC-SHA256. */
    public static String sign(String url, Map<String, String> parameters) {
        String canonical = new TreeMap<>(parameters).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return url + (url.contains("?") ? "&" : "?") + canonical + "&signature=" + hmac(canonical);
    }

    public static String hmac(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(REDIRECT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization")));
            pause(delay);
            if (mode == Mode.DROP) {
                exchange.getResponseBody().close();
                return;
            }
            if (mode == Mode.UNAVAILABLE) {
                send(exchange, 503, problem(503, "Service unavailable"));
                return;
            }
            if (mode == Mode.GARBAGE) {
                send(exchange, 200, "<html>not json");
                return;
            }
            if (!("Bearer " + SERVICE_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, problem(401, "Unauthorized"));
                return;
            }
            String[] parts = path.substring("/internal/intents/".length()).split("/");
            Intent intent = intents.get(parts[0]);
            if (intent == null) {
                send(exchange, 404, problem(404, "Not found"));
                return;
            }
            String action = parts.length > 1 ? parts[1] : "";
            switch (exchange.getRequestMethod() + " " + action) {
                case "GET " -> {
                    pause(intent.detailsDelay);
                    send(exchange, 200, details(intent));
                }
                case "GET return" -> send(exchange, 200, returnView(intent));
                case "POST cancel" -> {
                    switch (intent.status) {
                        case "requires_action", "canceled" -> {
                            intent.status = "canceled";
                            send(exchange, 200, returnView(intent));
                        }
                        default -> send(exchange, 409, problem(409, "Conflict"));
                    }
                }
                default -> send(exchange, 404, problem(404, "Not found"));
            }
        }
    }

    private static String details(Intent intent) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", intent.id);
        body.put("status", intent.status);
        body.put("amount", intent.amount);
        body.put("currency", intent.currency);
        body.put("description", intent.description);
        body.put("merchantName", intent.merchantName);
        body.put("callbackUrl", intent.callbackUrl);
        body.put("cancelUrl", intent.cancelUrl);
        ObjectNode qr = body.putObject("qr");
        qr.put("data", intent.qrData);
        qr.put("imageUrl", "http://127.0.0.1:12111/qr/" + intent.id + ".png");
        body.put("expiresAt", intent.expiresAt == null ? null : intent.expiresAt.toString());
        body.put("late", intent.late);
        return JSON.writeValueAsString(body);
    }

    private static String returnView(Intent intent) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", intent.id);
        body.put("status", intent.status);
        body.put("redirectUrl", redirectFor(intent));
        return JSON.writeValueAsString(body);
    }

    private static String problem(int status, String title) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                body.startsWith("{") ? (status >= 400 ? "application/problem+json" : "application/json") : "text/html");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
