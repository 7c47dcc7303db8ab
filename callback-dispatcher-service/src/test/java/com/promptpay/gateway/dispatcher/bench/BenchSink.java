package com.promptpay.gateway.dispatcher.bench;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The benchmark's merchant endpoints on 127.0.0.1: every path answers 204 at once and notes when each webhook-id first
 * arrived, except {@code /hang…} while {@link #hang()} is on, where requests are held unanswered. {@link #recover()}
 * answers the held ones and lets the rest through, so the timing-out endpoint's backlog drains before a baseline round
 * instead of holding dispatcher workers into it.
 */
final class BenchSink implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
    private final AtomicLong heldTotal = new AtomicLong();
    private volatile boolean hanging;

    BenchSink() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        if (hanging && request.path().startsWith("/hang")) {
            heldTotal.incrementAndGet();
            held.add(request); // the dispatcher's own timeout ends it, unless recover() answers first
            return;
        }
        String id = request.getHeader("webhook-id");
        request.body().onComplete(body -> {
            if (id != null) {
                received.putIfAbsent(id, System.nanoTime());
            }
            request.response().setStatusCode(204).end();
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + path;
    }

    /** webhook-id → System.nanoTime() of its first arrival. */
    Map<String, Long> received() {
        return received;
    }

    void hang() {
        heldTotal.set(0);
        hanging = true;
    }

    /** @return how many requests were held since {@link #hang()} */
    long recover() {
        hanging = false;
        for (HttpServerRequest request; (request = held.poll()) != null;) {
            try {
                request.response().setStatusCode(204).end();
            } catch (IllegalStateException closed) {
                // the dispatcher's timeout already gave this attempt up; its retry comes through unheld
            }
        }
        return heldTotal.get();
    }

    @Override
    public void close() {
        hanging = false;
        vertx.close();
    }
}
