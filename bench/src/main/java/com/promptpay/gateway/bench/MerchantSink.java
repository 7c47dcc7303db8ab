package com.promptpay.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The merchant's webhook endpoint on a free 127.0.0.1 port: notes when each {@code payment_intent.succeeded} arrives
 * (by paymentIntentId, first arrival only), checks its Standard Webhooks signature as a merchant would, answers 204.
 */
final class MerchantSink implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile byte[] key;

    MerchantSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/payments";
    }

    void verifyWith(String whsec) {
        key = Base64.getDecoder().decode(whsec.substring(whsec.indexOf('_') + 1));
    }

    /** paymentIntentId → System.nanoTime() of the first succeeded webhook for it. */
    Map<String, Long> arrivals() {
        return arrivals;
    }

    long badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode event = JSON.readTree(body);
            if ("payment_intent.succeeded".equals(event.path("type").asText())) {
                if (!signed(exchange, body)) {
                    badSignatures.incrementAndGet();
                }
                arrivals.putIfAbsent(event.path("data").path("paymentIntentId").asText(), arrived);
            }
            exchange.sendResponseHeaders(204, -1);
        } finally {
            exchange.close();
        }
    }

    private boolean signed(HttpExchange exchange, String body) {
        var headers = exchange.getRequestHeaders();
        String id = headers.getFirst("webhook-id");
        String timestamp = headers.getFirst("webhook-timestamp");
        String signatures = headers.getFirst("webhook-signature");
        if (key == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        byte[] expected = StripeEvents.hmac(key, id + "." + timestamp + "." + body);
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
