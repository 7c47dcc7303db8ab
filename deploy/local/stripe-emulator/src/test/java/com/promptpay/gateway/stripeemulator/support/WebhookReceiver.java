package com.promptpay.gateway.stripeemulator.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the gateway's webhook ingest: records every POST as received, and can be told to
 * answer 500 to the next deliveries that concern a given PaymentIntent.
 */
public final class WebhookReceiver {

    public record Received(String payload, String signature, String contentType, int answeredStatus,
            Instant receivedAt) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresToServe = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/webhooks/stripe", exchange -> {
            String payload;
            try (InputStream body = exchange.getRequestBody()) {
                payload = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = receiver.statusFor(payload);
            receiver.received.add(new Received(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), status, Instant.now()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return receiver;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
    }

    public void stop() {
        server.stop(0);
    }

    /** The next {@code count} deliveries mentioning {@code paymentIntentId} get a 500. */
    public void failNext(String paymentIntentId, int count) {
        failuresToServe.put(paymentIntentId, new AtomicInteger(count));
    }

    /** Everything received whose payload mentions the intent, in arrival order. */
    public List<Received> about(String paymentIntentId) {
        return received.stream().filter(r -> r.payload().contains("\"" + paymentIntentId + "\"")).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    private int statusFor(String payload) {
        for (Map.Entry<String, AtomicInteger> failing : failuresToServe.entrySet()) {
            if (payload.contains("\"" + failing.getKey() + "\"")
                    && failing.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return 500;
            }
        }
        return 200;
    }
}
