package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Db;
import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Due deliveries an endpoint's cap held back are sent as soon as its attempts end, never left for the poll. The poll
 * is an hour here, so anything that waits for it fails the test. Nothing waits in memory either
 * ({@code waiting-per-endpoint=0}): every row left at the cap must come through a claim.
 */
@QuarkusTest
@TestProfile(ClaimWakeUpTest.HourlyPollNothingWaits.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class ClaimWakeUpTest {

    /** gateway.delivery.per-endpoint-concurrency (default). */
    private static final int PER_ENDPOINT = 4;
    private static final int WAITING = 6;

    public static class HourlyPollNothingWaits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.delivery.poll-interval", "1h", "gateway.delivery.waiting-per-endpoint", "0");
        }
    }

    /**
     * The endpoint's four slots hang on four held requests; six more deliveries wait. The first held request ends and
     * wakes a claim, which counts three slots in use and leases one row. A trigger holds that claim while the other
     * three end. The claim's one attempt then runs alone below the cap, and the five rows left must follow it.
     */
    @Test
    void rowsLeftAtTheCapFollowWhenSlotsFreedDuringTheClaim() throws InterruptedException {
        List<CountDownLatch> held = IntStream.range(0, PER_ENDPOINT).mapToObj(i -> new CountDownLatch(1)).toList();
        try (Sink sink = new Sink()) {
            sink.respond(request -> {
                if (request.sequence() <= PER_ENDPOINT) {
                    hold(held.get(request.sequence() - 1));
                }
                return Sink.Reply.status(200);
            });
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            String endpointId = merchant.endpointId();
            sendSucceeded(merchant, PER_ENDPOINT);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == PER_ENDPOINT);
            sendSucceeded(merchant, WAITING);
            await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("SELECT count(*) FROM delivery WHERE endpoint_id = ? "
                    + "AND status = 'pending' AND lease_token IS NULL", endpointId) == WAITING);

            String oldest = Db.string("SELECT id FROM delivery WHERE endpoint_id = ? AND status = 'pending' "
                    + "AND lease_token IS NULL ORDER BY next_attempt_at, id LIMIT 1", endpointId);
            Db.execute("CREATE FUNCTION test_held_claim() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN PERFORM pg_sleep(2); RETURN NEW; END'");
            try {
                Db.execute("CREATE TRIGGER held_claim BEFORE UPDATE ON delivery FOR EACH ROW WHEN (OLD.id = '" + oldest
                        + "' AND OLD.lease_token IS NULL AND NEW.lease_token IS NOT NULL) EXECUTE FUNCTION test_held_claim()");
                held.get(0).countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> Db.count("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE wait_event = 'PgSleep' AND query LIKE 'WITH due AS%'") == 1);
                held.subList(1, PER_ENDPOINT).forEach(CountDownLatch::countDown);

                await().atMost(Duration.ofSeconds(20)).until(() -> sink.received().size() == PER_ENDPOINT + WAITING);
                assertEquals(0, Db.count("SELECT count(*) FROM delivery WHERE endpoint_id = ? AND status = 'pending'",
                        endpointId));
            } finally {
                held.forEach(CountDownLatch::countDown);
                Db.execute("DROP TRIGGER IF EXISTS held_claim ON delivery");
                Db.execute("DROP FUNCTION IF EXISTS test_held_claim()");
            }
        }
    }

    private static void sendSucceeded(TestMerchant merchant, int count) {
        for (int i = 0; i < count; i++) {
            TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED,
                    TestKafka.intent(merchant.id(), "succeeded", 1000 + i, null, Map.of()));
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
