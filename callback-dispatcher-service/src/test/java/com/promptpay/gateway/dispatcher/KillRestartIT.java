package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.Sink.Reply;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.testsupport.FreePort;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresTestDatabase;
import com.standardwebhooks.Webhook;

import io.restassured.RestAssured;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, SIGKILLed while
 * deliveries are in flight and others wait, then started again: every event is delivered at least once, always
 * with its own {@code webhook-id}, and nothing is recorded twice.
 */
class KillRestartIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int ANSWERED_BEFORE_HANG = 5;
    private static final int PER_ENDPOINT = 4;

    private final List<Process> processes = new ArrayList<>();
    private PostgresTestDatabase database;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aServiceKilledMidDeliveryDeliversEveryMessageAfterItsRestart() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after `package`: " + JAR.toAbsolutePath());
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        database = PostgresTestDatabase.create("dispatcher_it");
        try (Sink sink = new Sink()) {
            AtomicBoolean crashPhase = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            sink.respond(request -> {
                if (crashPhase.get() && answered.get() >= ANSWERED_BEFORE_HANG) {
                    return Reply.hang(); // in flight when the process dies
                }
                answered.incrementAndGet();
                delivered.add(request.header("webhook-id"));
                return Reply.status(200);
            });

            Process first = start("first");
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                events.add(produce(merchant, i));
            }
            // Five delivered, four hanging at the per-endpoint cap, the rest waiting in the database.
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.received().size() == ANSWERED_BEFORE_HANG + PER_ENDPOINT);
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM delivery") == 30);
            long pendingAtKill = count("SELECT count(*) FROM delivery WHERE status = 'pending'");
            assertEquals(30 - ANSWERED_BEFORE_HANG, pendingAtKill, "deliveries not finished when the process is killed");
            List<String> inFlightAtKill = sink.received().stream().skip(ANSWERED_BEFORE_HANG)
                    .map(r -> r.header("webhook-id")).toList();

            new ProcessBuilder("kill", "-KILL", Long.toString(first.pid())).inheritIO().start().waitFor();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "SIGKILL");

            // Events keep arriving while the service is down.
            for (int i = 30; i < 40; i++) {
                events.add(produce(merchant, i));
            }
            crashPhase.set(false);
            start("second");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> delivered.containsAll(events));

            assertEquals(40, count("SELECT count(*) FROM message"));
            assertEquals(40, count("SELECT count(*) FROM delivery"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count("SELECT count(*) FROM delivery WHERE status = 'succeeded'") == 40);
            Set<String> expected = Set.copyOf(events);
            for (Sink.Received request : sink.received()) {
                String id = request.header("webhook-id");
                assertTrue(expected.contains(id), id);
                new Webhook(merchant.secret()).verify(request.body(), request.headers());
                assertTrue(request.body().startsWith("{\"id\":\"" + id + "\""));
            }
            // What was in flight when the process died was sent again, under the same webhook-id.
            for (String id : inFlightAtKill) {
                assertThat(id, sink.receivedWithId(id).size(), greaterThanOrEqualTo(2));
            }
        }
    }

    private static String produce(TestMerchant merchant, int i) {
        PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000 + i, "Order " + i, Map.of());
        return TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
    }

    private Process start(String name) throws IOException {
        int port = FreePort.pick();
        URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m",
                // A killed member's partitions move to the new process after this, not after the default 45 s.
                "-Dmp.messaging.incoming.payment-intents.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.payment-intents.heartbeat.interval.ms=1000",
                "-Dmp.messaging.incoming.merchants.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.merchants.heartbeat.interval.ms=1000",
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "kill-restart-" + name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBrokerResource.bootstrapServers());
        env.put("DB_HOST", jdbc.getHost());
        env.put("DB_PORT", Integer.toString(jdbc.getPort()));
        env.put("DB_NAME", database.name());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", "");
        env.put("GATEWAY_SECRETS_KEY", TestMerchant.SECRETS_KEY);
        env.put("GATEWAY_ALLOW_LOOPBACK_WEBHOOKS", "true");
        env.put("GATEWAY_DELIVERY_CONNECT_ONLY_TO_LOOPBACK", "true");
        env.put("GATEWAY_DELIVERY_RETRY_SCHEDULE", "0s,300ms,600ms,1s,1s,1s,1s,1s,1s,1s");
        env.put("GATEWAY_DELIVERY_TIMEOUT", "3s");
        env.put("GATEWAY_DELIVERY_LEASE", "8s");
        env.put("GATEWAY_DELIVERY_POLL_INTERVAL", "200ms");
        Process process = builder.start();
        processes.add(process);
        awaitReady(process, port);
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = port;
        return process;
    }

    private static void awaitReady(Process process, int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see target/kill-restart-*.log");
            }
            try {
                return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
