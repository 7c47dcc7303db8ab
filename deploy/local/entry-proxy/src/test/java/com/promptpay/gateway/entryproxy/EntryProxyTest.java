package com.promptpay.gateway.entryproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/** The proxy over real sockets: four upstream servers that say who they are and what they were sent. */
class EntryProxyTest {

    private static Vertx vertx;
    private static EntryProxy proxy;
    private static int proxyPort;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
        for (Upstream upstream : Upstream.values()) {
            if (upstream == Upstream.DISPATCHER) {
                upstreams.put(upstream, URI.create("http://127.0.0.1:" + closedPort())); // nobody listens
                continue;
            }
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("service", upstream.name())
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("body", body.toString())
                            .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                            .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
                            .encode())));
            int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            upstreams.put(upstream, URI.create("http://127.0.0.1:" + port));
        }
        proxy = new EntryProxy(vertx, upstreams);
        proxyPort = proxy.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @CsvSource({
            "/payments/intents?x=1, INTENT",
            "/payment/pi_abc/events, CHECKOUT",
            "/webhooks/stripe, INGEST",
    })
    void forwardsMethodPathQueryAndBodyToTheOwningService(String path, String service) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied(path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":100}")).build());

        assertEquals(200, response.statusCode());
        JsonObject echoed = new JsonObject(response.body());
        assertEquals(service, echoed.getString("service"));
        assertEquals("POST", echoed.getString("method"));
        assertEquals(path, echoed.getString("uri"));
        assertEquals("{\"amount\":100}", echoed.getString("body"));
        assertEquals("127.0.0.1", echoed.getString("forwardedFor"));
        assertEquals("127.0.0.1:" + proxyPort, echoed.getString("forwardedHost"));
    }

    @Test
    void unknownPathIsAProblemNotAForward() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied("/q/health")).GET().build());

        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, new JsonObject(response.body()).getInteger("status"));
    }

    @Test
    void dotSegmentsAreRefusedBeforeAnyServiceSeesThem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied("/payments/%2e%2e/internal/x")).GET().build());

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("dot segments"), response.body());
    }

    /** Found by the e2e FuzzIT: forwarded, such a body met the service's 413 and close mid-stream, a 502 here. */
    @Test
    void aBodyOverTheServicesLimitIsRefusedAtTheEntry() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied("/payments/intents"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024 + 1])).build());

        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(413, new JsonObject(response.body()).getInteger("status"));
    }

    @Test
    void aBodyAtTheServicesLimitIsForwarded() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied("/payments/intents"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(64 * 1024))).build());

        assertEquals(200, response.statusCode());
        assertEquals(64 * 1024, new JsonObject(response.body()).getString("body").length());
    }

    @Test
    void aServiceThatIsDownIsABadGateway() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied("/webhook-endpoints")).GET().build());

        assertEquals(502, response.statusCode());
    }

    private static URI proxied(String path) {
        return URI.create("http://127.0.0.1:" + proxyPort + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
