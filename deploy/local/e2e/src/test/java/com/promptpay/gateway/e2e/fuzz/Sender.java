package com.promptpay.gateway.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Sends a draft to the :3000 entry: through HttpClient when it can carry it, as raw bytes otherwise. */
final class Sender {

    static final String ENTRY = "http://127.0.0.1:3000";
    private static final int BODY_LIMIT = 256 * 1024;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final String TIMED_OUT = "no complete answer in ";

    private static final int RETRY_EXAMPLES = 20;

    private final HttpClient http = oneShotClient();
    private final Queue<String> retryExamples = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> retriesByPath = new ConcurrentHashMap<>();

    HttpClient http() {
        return http;
    }

    Outcome send(Draft draft) throws InterruptedException {
        if (draft.rawRequest != null) {
            return RawRequests.send(draft.rawRequest, draft.rawCloseOutput);
        }
        HttpRequest request;
        try {
            request = request(draft);
        } catch (IllegalArgumentException notExpressible) {
            return RawRequests.send(RawRequests.plain(draft), false);
        }
        Outcome outcome = attempt(http, request);
        if (outcome.answered() || outcome.error().startsWith(TIMED_OUT)) {
            return outcome;
        }
        // A pooled connection the server closed a moment ago fails for no fault of the request, and HttpClient retries
        // only GET and HEAD by itself. The retry takes a client, so a connection, of its own: a second stale one in
        // the pool cannot fail it again, and an answer missing there is the stack's fault. Counted, with examples,
        // so the report shows how often it was needed.
        Outcome retried = attempt(oneShotClient(), request);
        retriesByPath.computeIfAbsent(draft.template, path -> new AtomicInteger()).incrementAndGet();
        if (retryExamples.size() < RETRY_EXAMPLES) { // a few more when retries race here: examples, not a count
            retryExamples.add(draft.method + " " + draft.target() + " " + draft.mutations + ": " + outcome.error()
                    + "; on a fresh connection " + (retried.answered() ? retried.status() : retried.error()));
        }
        return retried;
    }

    /** Requests answered only on a fresh connection, after a pooled one closed without an answer. */
    int retriedOnFreshConnection() {
        return retriesByPath.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    List<String> retryExamples() {
        return List.copyOf(retryExamples);
    }

    /** Retries per operation path, most first. */
    String retriesByPath() {
        return retriesByPath.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().get(), a.getValue().get()))
                .map(entry -> entry.getKey() + " " + entry.getValue().get()).collect(Collectors.joining(", "));
    }

    private static HttpClient oneShotClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpRequest request(Draft draft) {
        byte[] body = draft.body();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ENTRY + draft.target())).timeout(ANSWER_TIMEOUT)
                .method(draft.method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        draft.headers.forEach(header -> builder.header(header[0], header[1]));
        return builder.build();
    }

    private static Outcome attempt(HttpClient http, HttpRequest request) throws InterruptedException {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new CappedBody(
                info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/event-stream")));
        try {
            HttpResponse<byte[]> response = pending.get(ANSWER_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            return new Outcome(response.statusCode(), headers, response.body(), null, millis(start), false);
        } catch (ExecutionException e) {
            return Outcome.failed(e.getCause() instanceof java.net.http.HttpTimeoutException
                    ? TIMED_OUT + ANSWER_TIMEOUT.toSeconds() + " s" + meanwhile() : e.getCause().toString(), millis(start));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Outcome.failed(TIMED_OUT + ANSWER_TIMEOUT.toSeconds() + " s" + meanwhile(), millis(start));
        }
    }

    /** Whether the stack or this client is stuck: the same question on a connection of its own. */
    private static String meanwhile() {
        Outcome fresh = RawRequests.send("GET /payments?limit=1 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
        Outcome direct = RawRequests.send("GET /q/health/ready HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), false, 8081);
        return "; a new connection asking GET /payments?limit=1 got " + fresh.bucket() + " in " + fresh.millis() + " ms"
                + ", intent-service's readiness asked directly got " + direct.bucket() + " in " + direct.millis() + " ms";
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Keeps the first 256 KiB. An event stream never ends by itself while the intent is open, so for one the first
     * bytes are the answer.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final boolean stream;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(boolean stream) {
            this.stream = stream;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[Math.min(buffer.remaining(), BODY_LIMIT - bytes.size())];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() >= BODY_LIMIT || (stream && bytes.size() > 0)) {
                subscription.cancel();
                body.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
