package com.promptpay.gateway.entryproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
    private static final Map<Upstream, URI> upstreams = new EnumMap<>(Upstream.class);
    private static EntryProxy proxy;
    private static int proxyPort;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
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

    /**
     * Found by the e2e FuzzIT: streamed, a chunked body broken before its first chunk kept its connection to the
     * service for good, and once the pool was spent every later request to that service waited forever. With one
     * connection per service, one such request was enough.
     */
    @Test
    void aBrokenChunkedBodyIsRefusedAndTheServiceStillAnswers() throws Exception {
        EntryProxy singleConnection = new EntryProxy(vertx, upstreams, 1);
        int port = singleConnection.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        try {
            for (int i = 0; i < 3; i++) {
                String answer = raw(port, "POST /payments/intents HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400 "), answer);
            }
            HttpResponse<String> next = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments/intents"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertEquals(200, next.statusCode());
            assertEquals("INTENT", new JsonObject(next.body()).getString("service"));
        } finally {
            singleConnection.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Found in the entry's log after the 10,000-cases fuzz runs: about 1,300 "Unhandled exception" NullPointerExceptions
     * a run. When the client had already left, vertx-http-proxy failed writing the entry's own 400 and then reset an
     * upstream request that was never made.
     */
    @Test
    void aClientThatLeavesBeforeItsRefusalIsWrittenLogsNoError() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger vertxLog = Logger.getLogger("io.vertx");
        vertxLog.addHandler(capture);
        try {
            for (int i = 0; i < 50; i++) {
                try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
                    socket.setSoLinger(true, 0); // closing resets the connection: the answer has nowhere to go
                    socket.getOutputStream().write(("POST /payments/intents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\nzz\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            Thread.sleep(500);
        } finally {
            vertxLog.removeHandler(capture);
        }

        assertEquals(List.of(), errors.stream().map(record -> record.getMessage() + ": " + record.getThrown()).toList());
    }

    @Test
    void aChunkedBodyIsForwardedWhole() throws Exception {
        String answer = raw(proxyPort, "POST /webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        assertEquals("{\"a\":1}", new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getString("body"));
    }

    /** A chunked body declares no length, so the limit is counted as it arrives. */
    @Test
    void aChunkedBodyOverTheServicesLimitIsRefusedAtTheEntry() throws Exception {
        String chunk = "x".repeat(8 * 1024);
        String chunks = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(3);
        String answer = raw(proxyPort, "POST /payment/pi_abc/cancel HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + chunks + "0\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("16 KiB"), answer);
    }

    @Test
    void aServiceThatIsDownIsABadGateway() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(proxied("/webhook-endpoints")).GET().build());

        assertEquals(502, response.statusCode());
    }

    private static URI proxied(String path) {
        return URI.create("http://127.0.0.1:" + proxyPort + path);
    }

    /** Bytes HttpClient would not send, written to a socket; everything that comes back until the proxy closes. */
    private static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
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
