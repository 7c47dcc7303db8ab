package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.PostgresTestDatabase;

import io.restassured.path.json.JsonPath;

/** What the intent-service tests share: merchants made through the admin API, SQL, and topic reads. */
final class IntentTesting {

    static final String ADMIN = "Bearer test-admin-token";
    static final String SERVICE = "Bearer test-service-token";

    private IntentTesting() {
    }

    /** A merchant allowed to send shoppers back to the seed's site; answers the admin API's creation body. */
    static JsonPath newMerchant(String name) {
        return given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", name,
                        "allowedOrigins", List.of("https://your-site.com", "http://localhost:3001"),
                        "webhook", Map.of("url", "https://your-site.com/hooks", "format", "standard")))
                .post("/admin/merchants").then().statusCode(201).extract().jsonPath();
    }

    static String seedBody() {
        return """
                {
                  "amount": 10000,
                  "email": "customer@example.com",
                  "description": "สั่งซื้อสินค้า Order #12345",
                  "callbackUrl": "https://your-site.com/payment/success",
                  "cancelUrl": "https://your-site.com/payment/cancel",
                  "metadata": {
                    "orderId": "12345",
                    "userId": "user_abc"
                  }
                }""";
    }

    static String createIntent(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(seedBody())
                .post("/payments/intents").then().statusCode(201).extract().path("paymentIntentId");
    }

    static PostgresTestDatabase database() {
        return PostgresDatabaseResource.database("intents");
    }

    static List<Map<String, Object>> query(String sql) {
        PostgresTestDatabase db = database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static int update(String sql) {
        PostgresTestDatabase db = database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static String stripeIdOf(String intentId) {
        return (String) query("SELECT stripe_payment_intent_id FROM payment_intent WHERE id = '" + intentId + "'")
                .get(0).get("stripe_payment_intent_id");
    }

    /** Reads a topic from the beginning in the background, keeping every record. */
    static final class TopicProbe implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
        private final Thread poller;
        private volatile boolean running = true;

        TopicProbe(String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
            poller = new Thread(() -> {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
                consumer.close();
            }, "probe-" + topic);
            poller.start();
        }

        List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> which) {
            return records.stream().filter(which).toList();
        }

        /** Waits until at least {@code count} records match, then answers all that match. */
        List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> which, int count) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> matching(which).size() >= count);
            return matching(which);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            poller.join(5000);
        }
    }
}
