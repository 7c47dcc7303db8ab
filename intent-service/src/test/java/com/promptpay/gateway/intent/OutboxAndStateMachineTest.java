package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.intent.IntentTesting.TopicProbe;
import com.stripe.StripeClient;


import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.PostgresTestDatabase;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox to Kafka and the state machine driven by provider events, over the real broker. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class OutboxAndStateMachineTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    /** deploy/local/kafka/topics.conf */
    private static final int PROVIDER_EVENT_PARTITIONS = 6;
    /** Provider events applied at once: mp.messaging.incoming.provider-events.concurrency (default). */
    private static final int LANES = 3;
    private static final TopicProbe intentEvents = new TopicProbe(Topics.PAYMENT_INTENTS);
    private static final KafkaProducer<String, String> provider = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());

    @AfterAll
    static void close() throws InterruptedException {
        intentEvents.close();
        provider.close();
    }

    @Test
    void creationIsPublishedOnceWithTheIntentAsKeyAndTheEventIdAsHeader() throws Exception {
        String intent = IntentTesting.createIntent(merchantKey());

        ConsumerRecord<String, String> record = intentEvents.await(r -> intent.equals(r.key()), 1).get(0);
        var envelope = JSON.readTree(record.value());
        assertEquals(EventTypes.PAYMENT_INTENT_CREATED, envelope.get("type").asText());
        assertEquals(intent, envelope.get("aggregateId").asText());
        assertEquals(envelope.get("id").asText(),
                new String(record.headers().lastHeader(EventEnvelope.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8));
        assertEquals(10000, envelope.get("data").get("amount").asInt());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> IntentTesting.query(
                "SELECT published_at FROM outbox_event WHERE message_key = '" + intent + "'").get(0).get("published_at") != null);
    }

    /** The relay's mark commits without waiting for the WAL flush; losing it only publishes the row again. */
    @Test
    void theRelaysMarkDoesNotWaitForTheWalFlush() {
        // A trigger notes the setting in force in the transaction that marks a row published.
        IntentTesting.update("CREATE TABLE mark_setting_seen (message_key text, setting text)");
        IntentTesting.update("CREATE OR REPLACE FUNCTION note_mark_setting() RETURNS trigger AS $$ BEGIN "
                + "INSERT INTO mark_setting_seen VALUES (NEW.message_key, current_setting('synchronous_commit')); "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        IntentTesting.update("CREATE TRIGGER note_mark_setting AFTER UPDATE OF published_at ON outbox_event "
                + "FOR EACH ROW EXECUTE FUNCTION note_mark_setting()");
        try {
            String intent = IntentTesting.createIntent(merchantKey());

            var seen = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> IntentTesting.query(
                    "SELECT setting FROM mark_setting_seen WHERE message_key = '" + intent + "'"), rows -> !rows.isEmpty());
            assertEquals("off", seen.get(0).get("setting"));
        } finally {
            IntentTesting.update("DROP TRIGGER note_mark_setting ON outbox_event");
            IntentTesting.update("DROP FUNCTION note_mark_setting()");
            IntentTesting.update("DROP TABLE mark_setting_seen");
        }
    }

    @Test
    void anEventCommittedButNeverPublishedIsPublishedByTheSweep() {
        // What a crash right after commit leaves behind: a committed row the relay was never woken for.
        String id = PrefixedIds.next("evt");
        String key = "pi_crashsimulation" + System.nanoTime();
        IntentTesting.update("INSERT INTO outbox_event (id, topic, message_key, type, payload, created_at) VALUES ('"
                + id + "', 'payment-intents', '" + key + "', 'payment_intent.created', '{\"id\":\"" + id + "\"}', now())");

        intentEvents.await(r -> key.equals(r.key()), 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> IntentTesting.query(
                "SELECT published_at FROM outbox_event WHERE id = '" + id + "'").get(0).get("published_at") != null);
    }

    @Test
    void aProviderSuccessSucceedsTheIntentOnceHoweverOftenItIsDelivered() throws Exception {
        String intent = IntentTesting.createIntent(merchantKey());
        ProviderPaymentEvent paid = providerEvent(intent, "evt_stripe_" + System.nanoTime(), 10000, "thb");

        for (int i = 0; i < 3; i++) {
            send(EventTypes.PAYMENT_SUCCEEDED, paid);
        }

        awaitStatus(intent, "succeeded");
        intentEvents.await(succeeded(intent), 1);
        // The duplicates were applied after the first; give them the same time to do harm, then count.
        send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(intent, "evt_marker_" + System.nanoTime(), 10000, "thb"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> appliedCount(intent) == 2);
        assertEquals(1, intentEvents.matching(succeeded(intent)).size());
        assertEquals(false, JSON.readTree(intentEvents.matching(succeeded(intent)).get(0).value()).get("data").get("late").asBoolean());
    }

    @Test
    void aCancelThatArrivesAfterTheSuccessChangesNothing() {
        String intent = IntentTesting.createIntent(merchantKey());
        send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(intent, "evt_a_" + System.nanoTime(), 10000, "thb"));
        send(EventTypes.PAYMENT_CANCELED, providerEvent(intent, "evt_b_" + System.nanoTime(), 10000, "thb"));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> appliedCount(intent) == 2);
        given().get("/payments/" + intent).then().body("status", is("succeeded"));
        assertEquals(0, intentEvents.matching(r -> intent.equals(r.key()) && r.value().contains("payment_intent.canceled")).size());
    }

    @Test
    void moneyAfterCancelIsRecordedAsALateSuccessAndAnnounced() throws Exception {
        String key = merchantKey();
        String intent = IntentTesting.createIntent(key);
        given().header("Authorization", "Bearer " + key).post("/payments/" + intent + "/cancel").then().statusCode(200);

        send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(intent, "evt_late_" + System.nanoTime(), 10000, "thb"));

        awaitStatus(intent, "succeeded");
        given().header("Authorization", "Bearer " + key).get("/payments/" + intent).then().body("late", is(true));
        var event = JSON.readTree(intentEvents.await(succeeded(intent), 1).get(0).value());
        assertTrue(event.get("data").get("late").asBoolean());
    }

    @Test
    void aDifferentAmountOrCurrencyNeverMarksItPaid() {
        String intent = IntentTesting.createIntent(merchantKey());
        send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(intent, "evt_short_" + System.nanoTime(), 9999, "thb"));
        send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(intent, "evt_usd_" + System.nanoTime(), 10000, "usd"));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> appliedCount(intent) == 2);
        given().get("/payments/" + intent).then().body("status", is("requires_action"));
        assertEquals(2L, IntentTesting.query("SELECT count(*) AS n FROM applied_provider_event WHERE intent_id = '"
                + intent + "' AND outcome = 'rejected_mismatch'").get(0).get("n"));
    }

    @Test
    void anOverdueIntentExpiresHereAndAtStripe() throws Exception {
        String intent = IntentTesting.createIntent(merchantKey());
        IntentTesting.update("UPDATE payment_intent SET expires_at = now() - interval '1 second' WHERE id = '" + intent + "'");

        awaitStatus(intent, "expired");
        intentEvents.await(r -> intent.equals(r.key()) && r.value().contains("payment_intent.expired"), 1);
        StripeClient stripe = StripeClient.builder().setApiKey(StripeEmulatorResource.SECRET_KEY)
                .setApiBase(StripeEmulatorResource.emulator().apiBase()).build();
        assertEquals("canceled", stripe.v1().paymentIntents().retrieve(IntentTesting.stripeIdOf(intent)).getStatus());
    }

    @Test
    void aPaymentWhoseWebhookNeverArrivesIsFoundByReconciliation() {
        String intent = IntentTesting.createIntent(merchantKey());
        // Paid at Stripe; the emulator's webhooks go nowhere in these tests.
        StripeEmulatorResource.emulator().authorize(IntentTesting.stripeIdOf(intent));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "succeeded".equals(given().get("/payments/" + intent).path("status")));
        intentEvents.await(succeeded(intent), 1);
        assertNotNull(IntentTesting.query("SELECT 1 FROM applied_provider_event WHERE intent_id = '" + intent
                + "' AND provider_event_id LIKE 'stripe_state:%'").get(0));
    }

    /**
     * Applying one intent's success is held up: this test holds an uncommitted row with the same provider event id,
     * so the consumer's insert of it waits. Then a success arrives for an intent in every other partition. The lanes
     * that do not hold the held event's partition apply theirs meanwhile; with a single lane, all would wait.
     */
    @Test
    void anEventWaitingOnItsIntentHoldsUpOnlyItsOwnLane() throws Exception {
        String key = merchantKey();
        Map<Integer, String> byPartition = new TreeMap<>();
        while (byPartition.size() < PROVIDER_EVENT_PARTITIONS) {
            String intent = IntentTesting.createIntent(key);
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(intent.getBytes(StandardCharsets.UTF_8)))
                    % PROVIDER_EVENT_PARTITIONS, intent);
        }
        String locked = byPartition.remove(0);
        String heldEvent = "evt_held_" + System.nanoTime();
        PostgresTestDatabase db = IntentTesting.database();
        try (Connection holder = DriverManager.getConnection(db.jdbcUrl(), db.user(), "")) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.executeUpdate("INSERT INTO applied_provider_event (provider_event_id, intent_id, type, outcome, "
                        + "applied_at) VALUES ('" + heldEvent + "', '" + locked + "', 'held', 'pending', now())");
            }
            send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(locked, heldEvent, 10000, "thb"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> (Long) IntentTesting.query("SELECT count(*) AS n "
                    + "FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    + "AND query LIKE 'INSERT INTO applied_provider_event%'").get(0).get("n") == 1);

            byPartition.values().forEach(other ->
                    send(EventTypes.PAYMENT_SUCCEEDED, providerEvent(other, "evt_other_" + System.nanoTime(), 10000, "thb")));
            // Six partitions over three lanes: the locked intent's lane holds two, so at least four others apply.
            int otherLanesPartitions = PROVIDER_EVENT_PARTITIONS - PROVIDER_EVENT_PARTITIONS / LANES;
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> succeededAmong(byPartition.values()) >= otherLanesPartitions);
            assertEquals("requires_action", given().get("/payments/" + locked).path("status"));
            holder.rollback();
        }
        awaitStatus(locked, "succeeded");
        byPartition.values().forEach(other -> awaitStatus(other, "succeeded"));
    }

    private static long succeededAmong(Collection<String> intents) {
        return intents.stream().filter(intent -> "succeeded".equals(given().get("/payments/" + intent).path("status"))).count();
    }

    private static java.util.function.Predicate<ConsumerRecord<String, String>> succeeded(String intent) {
        return r -> intent.equals(r.key()) && r.value().contains("\"type\":\"payment_intent.succeeded\"");
    }

    private static long appliedCount(String intent) {
        return (Long) IntentTesting.query("SELECT count(*) AS n FROM applied_provider_event WHERE intent_id = '"
                + intent + "' AND outcome <> 'pending'").get(0).get("n");
    }

    private static void awaitStatus(String intent, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(given().get("/payments/" + intent).path("status")));
    }

    private static ProviderPaymentEvent providerEvent(String intent, String eventId, long amount, String currency) {
        return new ProviderPaymentEvent("stripe", eventId, IntentTesting.stripeIdOf(intent), intent, null, amount,
                currency, Instant.now(), null, null);
    }

    private static void send(String type, ProviderPaymentEvent event) {
        try {
            var envelope = new EventEnvelope<>(PrefixedIds.next("evt"), type, Instant.now(), event.intentId(), event);
            provider.send(new ProducerRecord<>(Topics.PAYMENT_PROVIDER_EVENTS, event.intentId(),
                    JSON.writeValueAsString(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String merchantKey() {
        return IntentTesting.newMerchant("Events Shop").getString("apiKey");
    }
}
