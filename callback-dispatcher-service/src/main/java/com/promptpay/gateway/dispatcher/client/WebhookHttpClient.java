package com.promptpay.gateway.dispatcher.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.AttemptResult;
import com.promptpay.gateway.dispatcher.config.DispatcherConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * POSTs one webhook with the non-blocking Vert.x client: to the address the SSRF guard checked (no second
 * name resolution), with the original host in {@code Host} and in TLS SNI/host verification, redirects never
 * followed, and a hard deadline on the whole exchange. Only the first {@value AttemptResult#BODY_LIMIT} bytes of
 * the answer are kept.
 */
@ApplicationScoped
public class WebhookHttpClient {

    /** What came back; {@code status} null when no answer did. */
    public record Exchange(Integer status, String retryAfter, String body, long durationMillis, boolean timedOut,
            String error, String address) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final long timeoutMillis;
    private final boolean onlyLoopback;
    private final Counter refusedConnections;

    public WebhookHttpClient(Vertx vertx, DispatcherConfig config, MeterRegistry metrics) {
        this.vertx = vertx;
        this.timeoutMillis = config.delivery().timeout().toMillis();
        this.onlyLoopback = config.delivery().connectOnlyToLoopback();
        this.refusedConnections = Counter.builder("gateway.dispatcher.connections.refused")
                .description("Connections to non-loopback addresses refused by connect-only-to-loopback")
                .register(metrics);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("webhook-deliveries")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setMaxPoolSize(Math.max(config.delivery().maxConcurrency(), 8)) // per destination; endpoints may share one
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                // TLS: SNI and host verification use the request's host (the name), not the checked address.
                .setVerifyHost(true)
                .setTryUseCompression(false));
    }

    /** Connections refused by the loopback-only policy so far (tests assert it stays zero). */
    public double refusedConnections() {
        return refusedConnections.count();
    }

    public Uni<Exchange> post(SsrfGuard.Destination destination, Map<String, String> headers, String body) {
        String address = destination.address().getHostAddress();
        if (onlyLoopback && !destination.address().isLoopbackAddress()) {
            refusedConnections.increment();
            return Uni.createFrom().item(new Exchange(null, null, null, 0, false,
                    "refused by gateway.delivery.connect-only-to-loopback: " + address, address));
        }
        return Uni.createFrom().emitter(emitter -> send(destination, address, headers, body, emitter));
    }

    private void send(SsrfGuard.Destination destination, String address, Map<String, String> headers, String body,
            UniEmitter<? super Exchange> emitter) {
        long started = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<HttpClientRequest> requestRef = new AtomicReference<>();
        java.util.function.Consumer<Exchange> finish = exchange -> {
            if (done.compareAndSet(false, true)) {
                emitter.complete(exchange);
            }
        };
        long timer = vertx.setTimer(timeoutMillis, id -> {
            finish.accept(new Exchange(null, null, null, elapsed(started), true, null, address));
            HttpClientRequest request = requestRef.get();
            if (request != null) {
                request.reset(0, new TimeoutException("webhook deadline"));
            }
        });
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(destination.port(), address))
                .setHost(destination.host())
                .setPort(destination.port())
                .setSsl(destination.tls())
                .setURI(destination.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis);
        headers.forEach(options::putHeader);
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                vertx.cancelTimer(timer);
                finish.accept(failure(connected.cause(), started, address));
                return;
            }
            HttpClientRequest request = connected.result();
            requestRef.set(request);
            if (done.get()) {
                request.reset();
                return;
            }
            request.send(Buffer.buffer(body)).onComplete(answered -> {
                if (answered.failed()) {
                    vertx.cancelTimer(timer);
                    finish.accept(failure(answered.cause(), started, address));
                    return;
                }
                HttpClientResponse response = answered.result();
                Buffer prefix = Buffer.buffer();
                response.handler(chunk -> {
                    int room = AttemptResult.BODY_LIMIT - prefix.length();
                    if (room > 0) {
                        prefix.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
                    }
                });
                response.exceptionHandler(e -> {
                    vertx.cancelTimer(timer);
                    finish.accept(new Exchange(null, null, text(prefix), elapsed(started), false,
                            "HTTP " + response.statusCode() + " but the body was cut off: " + describe(e), address));
                });
                response.endHandler(end -> {
                    vertx.cancelTimer(timer);
                    finish.accept(new Exchange(response.statusCode(), response.getHeader("Retry-After"), text(prefix),
                            elapsed(started), false, null, address));
                });
            });
        });
    }

    private static Exchange failure(Throwable cause, long started, String address) {
        return new Exchange(null, null, null, elapsed(started), false, describe(cause), address);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String text(Buffer prefix) {
        if (prefix.length() == 0) {
            return null;
        }
        // PostgreSQL text cannot hold NUL; a cut multi-byte character becomes U+FFFD.
        return new String(prefix.getBytes(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
