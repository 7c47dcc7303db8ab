package com.promptpay.gateway.dispatcher.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A merchant's webhook handler on 127.0.0.1 and a free port: records every request, answers as programmed
 * (any status, headers, body, or never).
 */
public final class Sink implements AutoCloseable {

    /** One request as received; header names lower-case. */
    public record Received(Instant at, int sequence, String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** How to answer; {@code hangs}: never answer (until the sink closes). */
    public record Reply(int status, Map<String, String> headers, String body, boolean hangs) {

        public static Reply status(int status) {
            return new Reply(status, Map.of(), "", false);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, false);
        }

        public static Reply withHeader(int status, String name, String value) {
            return new Reply(status, Map.of(name, value), "", false);
        }

        public static Reply hang() {
            return new Reply(0, Map.of(), "", true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<Received, Reply> behaviour = request -> Reply.status(200);

    public Sink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    public Sink respond(Function<Received, Reply> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedWithId(String webhookId) {
        return received.stream().filter(r -> webhookId.equals(r.header("webhook-id"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Received request = new Received(Instant.now(), sequence.incrementAndGet(), exchange.getRequestURI().toString(),
                    headers, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            received.add(request);
            Reply reply = behaviour.apply(request);
            if (reply.hangs()) {
                try {
                    closing.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
