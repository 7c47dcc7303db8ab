package com.promptpay.gateway.demomerchant;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The gateway's merchant API as the shop uses it, on a free loopback port. */
public class FakeGateway implements QuarkusTestResourceLifecycleManager {

    public record Request(String method, String path, String authorization, String idempotencyKey, String body) {
    }

    public record Payment(String status, long amount) {
    }

    static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    static final Map<String, Payment> PAYMENTS = new ConcurrentHashMap<>();
    static volatile boolean down;
    private static HttpServer server;

    @Override
    public synchronized Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/payments", FakeGateway::handle);
            server.start();
            return Map.of("demo.gateway-url", "http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            REQUESTS.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            if (down) {
                send(exchange, 503, "{\"title\":\"Service unavailable\",\"status\":503,\"detail\":\"down for the test\"}");
                return;
            }
            if (exchange.getRequestMethod().equals("POST") && path.equals("/payments/intents")) {
                send(exchange, 201, "{\"paymentIntentId\":\"pi_fake123\",\"status\":\"requires_action\",\"amount\":10000,"
                        + "\"currency\":\"thb\",\"paymentUrl\":\"http://localhost:3000/payment/pi_fake123\",\"qr\":{\"imageUrl\":\"x\"}}");
                return;
            }
            String id = path.substring("/payments/".length());
            Payment payment = PAYMENTS.get(id);
            if (payment == null) {
                send(exchange, 404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"Payment intent " + id + " does not exist.\"}");
                return;
            }
            send(exchange, 200, "{\"id\":\"" + id + "\",\"status\":\"" + payment.status() + "\",\"amount\":" + payment.amount()
                    + ",\"currency\":\"thb\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
