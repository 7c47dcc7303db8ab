package com.promptpay.gateway.dispatcher.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Not part of the normal run (tag {@code bench}). See BENCH.md:
 * <pre>mvn -B -f callback-dispatcher-service/pom.xml test -Dtest=DeliveryBenchmark -DexcludedGroups=none</pre>
 * <ol>
 * <li>Throughput: {@code bench.events} (20,000) events produced to Kafka at once, for ten merchants, delivered to a
 * fast local sink; deliveries per second from the first produce to the last 2xx.</li>
 * <li>Isolation: an open-model load ({@code bench.rate}/s for {@code bench.seconds} s, latency measured from the
 * intended send time, so no coordinated omission) to five healthy endpoints, without and with a sixth endpoint
 * that never answers (every attempt runs into the 15 s timeout) receiving {@code bench.hang-rate}/s; the p99 cost is
 * the relative growth of the healthy endpoints' p99.</li>
 * </ol>
 */
@Tag("bench")
@QuarkusTest
@TestProfile(BenchProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class DeliveryBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int HANG_RATE = Integer.getInteger("bench.hang-rate", 20);

    private static Vertx vertx;
    private static HttpServer sink;
    private static final Map<String, Long> RECEIVED = new ConcurrentHashMap<>();
    private static KafkaProducer<String, String> producer;
    private static final StringBuilder REPORT = new StringBuilder();

    @BeforeAll
    static void startSinkAndProducer() throws Exception {
        vertx = Vertx.vertx();
        sink = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().startsWith("/hang")) {
                return; // never answers: the dispatcher's timeout ends it
            }
            String id = request.getHeader("webhook-id");
            request.body().onComplete(body -> {
                if (id != null) {
                    RECEIVED.putIfAbsent(id, System.nanoTime());
                }
                request.response().setStatusCode(204).end();
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(properties);
    }

    @AfterAll
    static void stop() throws IOException {
        producer.close();
        vertx.close();
        report("");
        Files.writeString(Path.of("target", "bench-results.txt"), REPORT.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void throughputToAFastSinkThenTheP99CostOfATimingOutEndpoint() {
        report("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + Instant.now());
        List<TestMerchant> merchants = merchants("bulk", 10);
        // Warm-up: JIT, connection pools, prepared statements.
        deliver(merchants, 2_000);
        RECEIVED.clear();

        long started = System.nanoTime();
        List<String> ids = deliver(merchants, EVENTS);
        long last = ids.stream().mapToLong(RECEIVED::get).max().orElseThrow();
        double seconds = (last - started) / 1e9;
        report(String.format("throughput: %,d deliveries (10 endpoints, Kafka -> PostgreSQL -> HTTP 2xx) in %.2f s = %,.0f deliveries/s",
                EVENTS, seconds, EVENTS / seconds));
        report("    " + intakeSpan(ids));

        List<TestMerchant> healthy = merchants("fast", 5);
        double[] baseline = openLoad("baseline (no timing-out endpoint)", healthy, null);
        TestMerchant dead = merchants("hang", 1).get(0);
        double[] withTimeouts = openLoad("with a timing-out endpoint at " + HANG_RATE + "/s", healthy, dead);
        double[] again = openLoad("baseline again", healthy, null);
        double p99Baseline = (baseline[2] + again[2]) / 2;
        report(String.format("p99 cost of the timing-out endpoint on the others: %.1f ms -> %.1f ms = %+.1f%%",
                p99Baseline, withTimeouts[2], 100 * (withTimeouts[2] - p99Baseline) / p99Baseline));
    }

    /** Produces {@code count} succeeded events round-robin over the merchants as fast as possible; waits for all 2xx. */
    private static List<String> deliver(List<TestMerchant> merchants, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(send(merchants.get(i % merchants.size()), i));
        }
        producer.flush();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> RECEIVED.keySet().containsAll(ids));
        return ids;
    }

    /** Constant arrival rate; returns p50, p90, p99, max in ms for the healthy endpoints. */
    private static double[] openLoad(String name, List<TestMerchant> healthy, TestMerchant dead) {
        int total = RATE * SECONDS;
        long interval = 1_000_000_000L / RATE;
        long hangInterval = dead == null ? Long.MAX_VALUE : 1_000_000_000L / HANG_RATE;
        Map<String, Long> intended = new ConcurrentHashMap<>();
        long start = System.nanoTime() + 100_000_000L;
        long nextHang = dead == null ? Long.MAX_VALUE : start;
        for (int i = 0; i < total; i++) {
            long at = start + i * interval;
            while (nextHang <= at) {
                send(dead, -1);
                nextHang += hangInterval;
            }
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            intended.put(send(healthy.get(i % healthy.size()), i), at);
        }
        producer.flush();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> RECEIVED.keySet().containsAll(intended.keySet()));
        double[] latencies = intended.entrySet().stream()
                .mapToDouble(e -> (RECEIVED.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
        double[] result = { percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                latencies[latencies.length - 1] };
        report(String.format("%-45s %d/s for %d s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", name + ":", RATE, SECONDS,
                result[0], result[1], result[2], result[3]));
        report("    where the time goes (p50 / p99): " + stages(healthy, intended.keySet()));
        return result;
    }

    private static String send(TestMerchant merchant, int i) {
        Instant now = Instant.now();
        PaymentIntentEvent intent = new PaymentIntentEvent(PrefixedIds.next("pi"), merchant.id(), "succeeded", 1000 + Math.max(i, 0),
                "thb", "Bench " + i, Map.of("orderId", "B-" + i), false, now, now);
        String eventId = PrefixedIds.next("evt");
        EventEnvelope<PaymentIntentEvent> envelope = new EventEnvelope<>(eventId, EventTypes.PAYMENT_INTENT_SUCCEEDED, now,
                intent.paymentIntentId(), intent);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PAYMENT_INTENTS, intent.paymentIntentId(),
                TestKafka.write(envelope));
        record.headers().add(EventEnvelope.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventEnvelope.EVENT_TYPE_HEADER, EventTypes.PAYMENT_INTENT_SUCCEEDED.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        return eventId;
    }

    private static List<TestMerchant> merchants(String path, int count) {
        List<TestMerchant> merchants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            merchants.add(TestMerchant.standard("http://127.0.0.1:" + sink.actualPort() + "/" + path + i).publish());
        }
        return merchants;
    }

    /** From the database: Kafka + intake (event to delivery row), then row to recorded 2xx. */
    private static String stages(List<TestMerchant> merchants, java.util.Set<String> eventIds) {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String sql = "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY intake), percentile_cont(0.99) WITHIN GROUP (ORDER BY intake), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY send), percentile_cont(0.99) WITHIN GROUP (ORDER BY send) FROM ("
                + "SELECT extract(epoch FROM created_at - event_occurred_at) * 1000 AS intake, "
                + "extract(epoch FROM succeeded_at - created_at) * 1000 AS send FROM delivery WHERE event_id = ANY(?)) t";
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), "");
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                return String.format("event -> delivery row %.1f / %.1f ms; row -> 2xx recorded %.1f / %.1f ms",
                        rows.getDouble(1), rows.getDouble(2), rows.getDouble(3), rows.getDouble(4));
            }
        } catch (java.sql.SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    /** How fast the consumer wrote the rows, and how fast the sender drained them. */
    private static String intakeSpan(List<String> eventIds) {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String sql = "SELECT extract(epoch FROM max(created_at) - min(event_occurred_at)), "
                + "extract(epoch FROM max(succeeded_at) - min(created_at)) FROM delivery WHERE event_id = ANY(?)";
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), "");
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                return String.format("all delivery rows written %.2f s after the first event (%,.0f events/s through Kafka and "
                        + "the intake); first row to last 2xx recorded %.2f s", rows.getDouble(1),
                        eventIds.size() / rows.getDouble(1), rows.getDouble(2));
            }
        } catch (java.sql.SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void report(String line) {
        System.out.println("[bench] " + line);
        REPORT.append(line).append('\n');
    }
}
