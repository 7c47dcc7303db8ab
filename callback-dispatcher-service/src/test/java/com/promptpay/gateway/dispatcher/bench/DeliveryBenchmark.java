package com.promptpay.gateway.dispatcher.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.DoubleStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
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

/**
 * Not part of the normal run (tag {@code bench}); {@code bench/dispatcher.sh} runs it. See BENCH.md.
 * <ol>
 * <li>Throughput: {@code bench.events} (20,000) events produced to Kafka at once, for ten merchants, delivered to a
 * fast local sink; deliveries per second from the first produce to the last 2xx.</li>
 * <li>Isolation: {@code bench.rounds} (5) pairs of open-model rounds ({@code bench.rate}/s for {@code bench.seconds} s
 * to five healthy endpoints, latency from the intended send time, so no coordinated omission): A without, B with a
 * sixth endpoint that never answers (every attempt runs into the 15 s timeout) receiving {@code bench.hang-rate}/s.
 * The pair's order alternates (AB, BA, …) so a drift of the machine does not always favour one side; after each B the
 * dead endpoint recovers and its backlog drains, so every A is a true baseline. Cost = median over the pairs of
 * p99(B) / p99(A) − 1, with the spread of the pairs beside it.</li>
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
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    private static BenchSink sink;
    private static KafkaProducer<String, String> producer;
    private static final StringBuilder REPORT = new StringBuilder();

    /** One open-model round: the healthy endpoints' latencies, sorted, in ms. */
    private record Round(double[] latencies, Collection<String> eventIds) {

        double p(double percentile) {
            int index = (int) Math.ceil(percentile / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))];
        }
    }

    @BeforeAll
    static void startSinkAndProducer() throws Exception {
        sink = new BenchSink();
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
        sink.close();
        report("");
        Files.writeString(Path.of("target", "bench-results.txt"), REPORT.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void throughputToAFastSinkThenTheP99CostOfATimingOutEndpoint() {
        report("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + Instant.now() + ", load average "
                + loadAverage());
        List<TestMerchant> merchants = merchants("bulk", 10);
        deliver(merchants, 2_000); // warm-up: JIT, connection pools, prepared statements
        long started = System.nanoTime();
        List<String> ids = deliver(merchants, EVENTS);
        long last = ids.stream().mapToLong(sink.received()::get).max().orElseThrow();
        double seconds = (last - started) / 1e9;
        report(String.format("throughput: %,d deliveries (10 endpoints, Kafka -> PostgreSQL -> HTTP 2xx) in %.2f s = %,.0f deliveries/s",
                EVENTS, seconds, EVENTS / seconds));
        report("    " + intakeSpan(ids));

        List<TestMerchant> healthy = merchants("fast", 5);
        TestMerchant dead = merchants("hang", 1).get(0);
        openLoad("warm-up round (not counted)", healthy, null);
        List<Round> baselines = new ArrayList<>();
        List<Round> withDead = new ArrayList<>();
        double[] ratios = new double[ROUNDS];
        for (int pair = 0; pair < ROUNDS; pair++) {
            Round a;
            Round b;
            if (pair % 2 == 0) {
                a = openLoad("pair " + (pair + 1) + " A baseline", healthy, null);
                b = openLoad("pair " + (pair + 1) + " B + timing-out endpoint", healthy, dead);
            } else {
                b = openLoad("pair " + (pair + 1) + " B + timing-out endpoint", healthy, dead);
                a = openLoad("pair " + (pair + 1) + " A baseline", healthy, null);
            }
            baselines.add(a);
            withDead.add(b);
            ratios[pair] = b.p(99) / a.p(99);
            report(String.format("    pair %d: p99 %.1f -> %.1f ms, ratio %.2f", pair + 1, a.p(99), b.p(99), ratios[pair]));
        }
        summarize(baselines, withDead, ratios, dead);
    }

    private static void summarize(List<Round> baselines, List<Round> withDead, double[] ratios, TestMerchant dead) {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        Round pooledA = pooled(baselines);
        Round pooledB = pooled(withDead);
        report(String.format("p99 cost of the timing-out endpoint on the others, median of %d pairs: %+.1f%% (pair ratios %s; "
                + "min %.2f, max %.2f)", ratios.length, 100 * (median - 1), Arrays.toString(Arrays.stream(ratios)
                        .map(r -> Math.round(r * 100) / 100.0).toArray()), sorted[0], sorted[sorted.length - 1]));
        report(String.format("    pooled: A p50 %.1f / p99 %.1f ms, B p50 %.1f / p99 %.1f ms: p99 %+.1f%%, p50 %+.1f%%",
                pooledA.p(50), pooledA.p(99), pooledB.p(50), pooledB.p(99), 100 * (pooledB.p(99) / pooledA.p(99) - 1),
                100 * (pooledB.p(50) / pooledA.p(50) - 1)));
        report("    baselines' own p99 spread: " + String.format("%.1f-%.1f ms", baselines.stream().mapToDouble(r -> r.p(99)).min()
                .orElseThrow(), baselines.stream().mapToDouble(r -> r.p(99)).max().orElseThrow()));
        report("    where the time goes in A (p50 / p99): " + stages(pooledA.eventIds()));
        report("    where the time goes in B (p50 / p99): " + stages(pooledB.eventIds()));
        report("    the timing-out endpoint's attempts ended by the 15 s timeout: "
                + count("SELECT count(*) FROM attempt a JOIN delivery d ON d.id = a.delivery_id WHERE d.merchant_id = ? "
                        + "AND a.outcome = 'timeout'", dead.id()));
    }

    private static Round pooled(List<Round> rounds) {
        double[] all = rounds.stream().flatMapToDouble(r -> DoubleStream.of(r.latencies())).sorted().toArray();
        List<String> ids = rounds.stream().flatMap(r -> r.eventIds().stream()).toList();
        return new Round(all, ids);
    }

    /** Produces {@code count} succeeded events round-robin over the merchants as fast as possible; waits for all 2xx. */
    private static List<String> deliver(List<TestMerchant> merchants, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(send(merchants.get(i % merchants.size()), i));
        }
        producer.flush();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> sink.received().keySet().containsAll(ids));
        return ids;
    }

    /**
     * Constant arrival rate to the healthy endpoints, and with {@code dead} its share to an endpoint that hangs for the
     * round; afterwards the dead endpoint recovers and the round waits until its backlog is delivered.
     */
    private static Round openLoad(String name, List<TestMerchant> healthy, TestMerchant dead) {
        int total = RATE * SECONDS;
        long interval = 1_000_000_000L / RATE;
        long hangInterval = 1_000_000_000L / HANG_RATE;
        Map<String, Long> intended = new ConcurrentHashMap<>();
        if (dead != null) {
            sink.hang();
        }
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
                .until(() -> sink.received().keySet().containsAll(intended.keySet()));
        String load = loadAverage();
        String held = "";
        if (dead != null) {
            held = ", " + sink.recover() + " requests held at the dead endpoint";
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> count(
                    "SELECT count(*) FROM delivery WHERE merchant_id = ? AND status = 'pending'", dead.id()) == 0);
        }
        double[] latencies = intended.entrySet().stream()
                .mapToDouble(e -> (sink.received().get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
        Round round = new Round(latencies, intended.keySet());
        report(String.format("%-45s %d/s for %d s: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f ms (load %s%s)", name + ":", RATE,
                SECONDS, round.p(50), round.p(90), round.p(99), latencies[latencies.length - 1], load, held));
        return round;
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
            merchants.add(TestMerchant.standard(sink.url(path + i)).publish());
        }
        return merchants;
    }

    /** From the database: Kafka + intake (event to delivery row), then row to recorded 2xx. */
    private static String stages(Collection<String> eventIds) {
        String sql = "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY intake), percentile_cont(0.99) WITHIN GROUP (ORDER BY intake), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY send), percentile_cont(0.99) WITHIN GROUP (ORDER BY send) FROM ("
                + "SELECT extract(epoch FROM created_at - event_occurred_at) * 1000 AS intake, "
                + "extract(epoch FROM succeeded_at - created_at) * 1000 AS send FROM delivery WHERE event_id = ANY(?)) t";
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return String.format("event -> delivery row %.1f / %.1f ms; row -> 2xx recorded %.1f / %.1f ms",
                        rows.getDouble(1), rows.getDouble(2), rows.getDouble(3), rows.getDouble(4));
            }
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    /** How fast the consumer wrote the rows, and how fast the sender drained them. */
    private static String intakeSpan(List<String> eventIds) {
        String sql = "SELECT extract(epoch FROM max(created_at) - min(event_occurred_at)), "
                + "extract(epoch FROM max(succeeded_at) - min(created_at)) FROM delivery WHERE event_id = ANY(?)";
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return String.format("all delivery rows written %.2f s after the first event (%,.0f events/s through Kafka and "
                        + "the intake); first row to last 2xx recorded %.2f s", rows.getDouble(1),
                        eventIds.size() / rows.getDouble(1), rows.getDouble(2));
            }
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static long count(String sql, String parameter) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), "");
    }

    /** The machine is shared: every figure carries the load it was taken under. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void report(String line) {
        System.out.println("[bench] " + line);
        REPORT.append(line).append('\n');
    }
}
