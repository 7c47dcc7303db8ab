package com.promptpay.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signed Stripe {@code payment_intent.succeeded} in at :3000 → Standard Webhook received by the merchant, on the
 * running local stack. Creates a merchant whose endpoint is a {@link MerchantSink} on this machine, creates the intents
 * through the public API, then posts one Stripe-signed event per intent on a fixed schedule (open model: latency from
 * the scheduled send, so a stall shows in the tail instead of slowing the load). The first {@code --warmup} seconds of
 * events go first, at the same rate, and are drained before the measured ones. Reads {@code GATEWAY_ADMIN_TOKEN} and
 * {@code STRIPE_WEBHOOK_SECRET} from the environment.
 * <p>
 * Options: {@code --rates} (events/s, comma-separated steps), {@code --duration --warmup} (seconds), {@code --base},
 * {@code --ingest}, {@code --db --db-user} (a JDBC URL ending in "/"), {@code --run-dir} (the stack's pid files).
 * Prints, per rate, an {@code event-path:} line, the CPU each component spent per measured event, and the milestones.
 */
public final class EventPathLoad {

    // Stripe.API_VERSION of stripe-java 33.3.0: only its own release line deserializes the data object.
    private static final String API_VERSION = "2026-07-29.dahlia";
    private static final long AMOUNT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final URI ingest;
    private final Path runDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();

    private EventPathLoad(URI base, URI ingest, Path runDir) {
        for (URI uri : List.of(base, ingest)) {
            if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
                throw new IllegalArgumentException("benchmarks send traffic to this machine only: " + uri);
            }
        }
        this.base = base;
        this.ingest = ingest.resolve("/webhooks/stripe");
        this.runDir = runDir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        double seconds = Double.parseDouble(options.getOrDefault("duration", "30"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "10"));
        String base = options.getOrDefault("base", "http://127.0.0.1:3000");
        // --ingest http://127.0.0.1:8083 bypasses the entry proxy for Stripe's events, to see what it adds.
        EventPathLoad load = new EventPathLoad(URI.create(base), URI.create(options.getOrDefault("ingest", base)),
                Path.of(options.getOrDefault("run-dir", ".gateway/run")));
        String db = options.getOrDefault("db", "jdbc:postgresql://127.0.0.1:5432/");
        String dbUser = options.getOrDefault("db-user", "postgres");
        Milestones milestones = new Milestones(db, dbUser);
        try (MerchantSink sink = new MerchantSink()) {
            JsonNode merchant = load.createMerchant(sink.url());
            String merchantId = merchant.get("id").asText();
            sink.verifyWith(merchant.get("webhookSecret").asText());
            String apiKey = merchant.get("apiKey").asText();
            load.awaitEndpoint(apiKey, sink.url());
            for (String step : options.getOrDefault("rates", "100").split(",")) {
                double rate = Double.parseDouble(step);
                int warmupEvents = (int) (rate * warmup);
                int total = warmupEvents + (int) (rate * seconds);
                // Created just before each step: an intent left open for 2 min starts the reconciler's Stripe polling,
                // which would load the machine during the measurement.
                long creating = System.nanoTime();
                List<String> intents = load.createIntents(apiKey, total,
                        Integer.parseInt(options.getOrDefault("create-concurrency", "8")));
                System.err.printf("created %d intents in %.1f s%n", total, (System.nanoTime() - creating) / 1e9);
                Map<String, String> stripeIds = stripeIds(db + "intents", dbUser, merchantId);
                load.run(sink, merchantId, intents, stripeIds, rate, warmupEvents, milestones);
            }
        }
        System.exit(0);
    }

    private JsonNode createMerchant(String webhookUrl) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", "Event path bench " + Instant.now());
        body.putArray("allowedOrigins").add("https://your-site.com");
        body.putObject("webhook").put("url", webhookUrl).put("format", "standard");
        HttpResponse<String> created = http.send(post("/admin/merchants", body.toString())
                .header("Authorization", "Bearer " + env("GATEWAY_ADMIN_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /admin/merchants: " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body());
    }

    /** The dispatcher learns merchants from Kafka: events sent before it knows the endpoint would go nowhere. */
    private void awaitEndpoint(String apiKey, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> endpoints = http.send(HttpRequest.newBuilder(base.resolve("/webhook-endpoints"))
                    .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
            if (endpoints.statusCode() == 200 && endpoints.body().contains(url)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("the dispatcher did not learn the merchant's endpoint within 60 s");
    }

    private List<String> createIntents(String apiKey, int count, int concurrency) throws Exception {
        String body = JSON.createObjectNode().put("amount", AMOUNT).put("email", "customer@example.com")
                .put("description", "Event path bench").put("callbackUrl", "https://your-site.com/payment/success")
                .put("cancelUrl", "https://your-site.com/payment/cancel").toString();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger next = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            done.add(callers.submit(() -> {
                while (next.getAndIncrement() < count) {
                    HttpResponse<String> created = http.send(post("/payments/intents", body)
                            .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
                    if (created.statusCode() != 201) {
                        throw new IllegalStateException("POST /payments/intents: " + created.statusCode() + " " + created.body());
                    }
                    ids.add(JSON.readTree(created.body()).get("paymentIntentId").asText());
                }
                return null;
            }));
        }
        for (var future : done) {
            future.get();
        }
        callers.shutdown();
        return ids;
    }

    /** Our intent id → the Stripe PaymentIntent id stored with it, which ingest's event must carry. */
    private static Map<String, String> stripeIds(String url, String user, String merchantId) throws Exception {
        Map<String, String> ids = new HashMap<>();
        try (Connection db = DriverManager.getConnection(url, user, "");
                PreparedStatement query = db.prepareStatement(
                        "SELECT id, stripe_payment_intent_id FROM payment_intent WHERE merchant_id = ?")) {
            query.setString(1, merchantId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return ids;
    }

    /**
     * A warm-up at the same rate first, drained before the measured phase: a backlog left by cold JITs would
     * otherwise be counted as the path's latency.
     */
    private void run(MerchantSink sink, String merchantId, List<String> intents, Map<String, String> stripeIds, double rate,
            int warmupEvents, Milestones milestones) throws Exception {
        Phase warm = send(sink, merchantId, intents.subList(0, warmupEvents), stripeIds, rate);
        System.err.printf("warm-up: %d events, %d delivered, %d ingest errors%n", warmupEvents, warm.delivered(sink),
                warm.ingestErrors.get());
        TimeUnit.SECONDS.sleep(2);
        CpuSample before = CpuSample.take(runDir);
        Phase measured = send(sink, merchantId, intents.subList(warmupEvents, intents.size()), stripeIds, rate);
        CpuSample after = CpuSample.take(runDir);
        Histogram path = new Histogram(3);
        long lost = 0;
        for (var sent : measured.scheduledAt.entrySet()) {
            Long arrived = sink.arrivals().get(sent.getKey());
            if (arrived == null) {
                lost++;
            } else {
                path.recordValue(Math.max(1, (arrived - sent.getValue()) / 1000));
            }
        }
        System.out.printf("event-path: rate=%.0f/s measured=%d over %.1f s (after %d warm-up) delivered=%d lost=%d "
                + "ingest_errors=%d bad_signatures=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms | ingest_answer_p50=%.2f "
                + "ingest_answer_p99=%.2f ms%n",
                rate, measured.scheduledAt.size(), measured.sendSeconds, warmupEvents, path.getTotalCount(), lost,
                measured.ingestErrors.get(), sink.badSignatures(), ms(path, 50), ms(path, 90), ms(path, 99),
                path.getMaxValue() / 1000.0, ms(measured.ingest, 50), ms(measured.ingest, 99));
        System.out.println(after.perEvent(before, measured.scheduledAt.size()));
        System.out.println(milestones.describe(measured.scheduledAt, measured.answeredAt, sink.arrivals()));
    }

    private static final class Phase {
        final Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        final Histogram ingest = new Histogram(3);
        final AtomicLong ingestErrors = new AtomicLong();
        double sendSeconds;

        long delivered(MerchantSink sink) {
            return scheduledAt.keySet().stream().filter(sink.arrivals()::containsKey).count();
        }
    }

    /** Posts one event per intent on a fixed schedule, then waits (at most 60 s) for every merchant webhook. */
    private Phase send(MerchantSink sink, String merchantId, List<String> intents, Map<String, String> stripeIds,
            double rate) throws Exception {
        String secret = env("STRIPE_WEBHOOK_SECRET");
        Phase phase = new Phase();
        long interval = (long) (1e9 / rate);
        Semaphore outstanding = new Semaphore(4000);
        long first = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < intents.size(); i++) {
            String intentId = intents.get(i);
            long scheduled = first + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            phase.scheduledAt.put(intentId, scheduled);
            long now = Instant.now().getEpochSecond();
            String body = StripeEvents.succeeded(intentId, stripeIds.get(intentId), merchantId, AMOUNT, now, API_VERSION);
            HttpRequest request = HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Stripe-Signature", StripeEvents.signature(secret, now, body)).build();
            outstanding.acquire();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                outstanding.release();
                if (failure != null || response.statusCode() != 200 || !response.body().contains("\"published\"")) {
                    phase.ingestErrors.incrementAndGet();
                    System.err.println("ingest: " + (failure != null ? failure : response.statusCode() + " " + response.body()));
                }
                phase.answeredAt.put(intentId, System.nanoTime());
                synchronized (phase.ingest) {
                    phase.ingest.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1000));
                }
            });
        }
        phase.sendSeconds = (System.nanoTime() - first) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sink.arrivals().keySet().containsAll(phase.scheduledAt.keySet()) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        outstanding.acquire(4000);
        return phase;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (source .gateway/local.env)");
        }
        return value;
    }
}
