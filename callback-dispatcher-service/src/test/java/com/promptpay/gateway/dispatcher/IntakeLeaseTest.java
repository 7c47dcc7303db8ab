package com.promptpay.gateway.dispatcher;

import static com.promptpay.gateway.dispatcher.MetricsTest.metric;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Api;
import com.promptpay.gateway.dispatcher.support.Db;
import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A new delivery with a free worker slot is written already leased and sent right after the intake's commit,
 * without a claim; an intake transaction that fails gives its slots back, and the retried batch sends it; the claim
 * and the intake together never overrun an endpoint's cap.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class IntakeLeaseTest {

    private static final String VIA_INTAKE = "gateway_dispatcher_attempts_started_total{via=\"intake\"";
    private static final String VIA_CLAIM = "gateway_dispatcher_attempts_started_total{via=\"claim\"";
    private static final String IN_FLIGHT = "gateway_dispatcher_in_flight";
    private static final String WAITING = "gateway_dispatcher_waiting";
    /** gateway.delivery.per-endpoint-concurrency (default). */
    private static final int PER_ENDPOINT = 4;

    /** The counts below are absolute: the deliveries earlier tests left (retries, hanging endpoints) finish first. */
    @BeforeEach
    void quiet() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Db.count("SELECT count(*) FROM delivery WHERE status = 'pending'") == 0
                        && metric(IN_FLIGHT) == 0);
    }

    @Test
    void aNewDeliveryIsSentWithoutAClaim() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            double viaIntake = metric(VIA_INTAKE);
            double viaClaim = metric(VIA_CLAIM);

            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
            Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            assertEquals(1, sink.receivedWithId(eventId).size());
            assertEquals(1.0, metric(VIA_INTAKE) - viaIntake, "attempts the intake started");
            assertEquals(0.0, metric(VIA_CLAIM) - viaClaim, "attempts a claim started");
            await().atMost(Duration.ofSeconds(5)).until(() -> metric(IN_FLIGHT) == 0);
        }
    }

    /**
     * The intake's INSERT of the delivery waits on an uncommitted row with the same (event, endpoint) that this test
     * holds; the slot is reserved by then. Its connection is killed, the transaction fails, the consumer retries the
     * batch once this test lets go. A slot the failed try kept would show as an attempt in flight forever.
     */
    @Test
    void aFailedIntakeTransactionGivesItsSlotsBack() throws SQLException {
        try (Sink sink = new Sink(); Connection blocker = Db.connect()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            String eventId = PrefixedIds.next("evt");
            blocker.setAutoCommit(false);
            holdConflictingDelivery(blocker, merchant, eventId);
            double viaIntake = metric(VIA_INTAKE);

            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            TestKafka.intentEvent(eventId, EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingIntakeBackends() == 1);
            assertEquals(1.0, metric(IN_FLIGHT), "the slot reserved for the delivery being written");
            assertEquals(1, Db.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO delivery %'"));
            blocker.rollback();

            Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");
            assertEquals(1, sink.receivedWithId(eventId).size());
            assertEquals(1.0, metric(VIA_INTAKE) - viaIntake, "only the retried batch started an attempt");
            await().atMost(Duration.ofSeconds(5)).until(() -> metric(IN_FLIGHT) == 0);
        }
    }

    /**
     * A claim counts the free slots before it runs; the intake can fill them meanwhile. A trigger holds the claim's
     * lease of one due row of a hanging endpoint for 3 s, during which the intake takes all four of that endpoint's
     * slots. The claimed row must not become a fifth request: it waits, leased, for a slot.
     */
    @Test
    void aClaimedRowWithoutASlotWaitsForOne() throws SQLException {
        try (Sink hanging = new Sink()) {
            hanging.respond(request -> Sink.Reply.hang());
            TestMerchant merchant = TestMerchant.standard(hanging.url()).publish();
            String endpointId = merchant.endpointId();
            Db.execute("CREATE FUNCTION test_slow_claim() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN PERFORM pg_sleep(3); RETURN NEW; END'");
            try {
                Db.execute("CREATE TRIGGER slow_claim BEFORE UPDATE ON delivery FOR EACH ROW WHEN (NEW.endpoint_id = '"
                        + endpointId + "' AND OLD.lease_token IS NULL AND NEW.lease_token IS NOT NULL) "
                        + "EXECUTE FUNCTION test_slow_claim()");
                String claimedId = insertDueDelivery(merchant, endpointId);
                await().atMost(Duration.ofSeconds(10)).until(() -> sleepingClaims() == 1);

                for (int i = 0; i < PER_ENDPOINT; i++) {
                    TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED,
                            TestKafka.intent(merchant.id(), "succeeded", 1000 + i, null, Map.of()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> hanging.received().size() == PER_ENDPOINT);
                assertEquals(1, sleepingClaims(), "the claim still holds the row it leased");
                // Until the claim commits, the row reads unleased to everyone else.
                await().atMost(Duration.ofSeconds(10)).until(() -> sleepingClaims() == 0);
                await().atMost(Duration.ofSeconds(5)).until(() -> metric(WAITING) == 1);
                assertEquals(1, Db.count("SELECT count(*) FROM delivery "
                        + "WHERE id = ? AND status = 'pending' AND lease_token IS NOT NULL", claimedId));
                Thread.sleep(500);
                assertEquals(PER_ENDPOINT, hanging.received().size(), "requests to the endpoint: its cap");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Db.execute("DROP TRIGGER IF EXISTS slow_claim ON delivery");
                Db.execute("DROP FUNCTION IF EXISTS test_slow_claim()");
            }
        }
    }

    /** A delivery due now for the endpoint, as a retry would be: only a claim sends it. */
    private static String insertDueDelivery(TestMerchant merchant, String endpointId) {
        String messageId = PrefixedIds.next("msg");
        String deliveryId = PrefixedIds.next("dlv");
        String eventId = PrefixedIds.next("evt");
        Db.execute("INSERT INTO message (id, event_id, event_type, merchant_id, occurred_at, body_standard, received_at) "
                + "VALUES (?, ?, 'payment_intent.succeeded', ?, now(), '{}', now())", messageId, eventId, merchant.id());
        Db.execute("INSERT INTO delivery (id, message_id, event_id, endpoint_id, merchant_id, event_type, "
                + "event_occurred_at, status, next_attempt_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, 'payment_intent.succeeded', now(), 'pending', now(), now())",
                deliveryId, messageId, eventId, endpointId, merchant.id());
        return deliveryId;
    }

    private static void holdConflictingDelivery(Connection connection, TestMerchant merchant, String eventId)
            throws SQLException {
        String messageId = PrefixedIds.next("msg");
        String now = "'" + Instant.now() + "'";
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO message (id, event_id, event_type, merchant_id, occurred_at, body_standard, "
                    + "received_at) VALUES ('" + messageId + "', '" + PrefixedIds.next("evt") + "', 'test', '"
                    + merchant.id() + "', " + now + ", '{}', " + now + ")");
            statement.executeUpdate("INSERT INTO delivery (id, message_id, event_id, endpoint_id, merchant_id, event_type, "
                    + "event_occurred_at, status, failed_at, created_at) VALUES ('" + PrefixedIds.next("dlv") + "', '"
                    + messageId + "', '" + eventId + "', '" + merchant.endpointId() + "', '" + merchant.id()
                    + "', 'test', " + now + ", 'failed', " + now + ", " + now + ")");
        }
    }

    private static long sleepingClaims() {
        return Db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE 'WITH due AS%'");
    }

    private static long waitingIntakeBackends() {
        return Db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND query LIKE 'INSERT INTO delivery %'");
    }
}
