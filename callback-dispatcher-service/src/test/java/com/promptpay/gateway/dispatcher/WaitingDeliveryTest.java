package com.promptpay.gateway.dispatcher;

import static com.promptpay.gateway.dispatcher.MetricsTest.metric;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
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

/**
 * Deliveries beyond an endpoint's cap wait in memory, leased, for its slots (at most {@code waiting-per-endpoint},
 * each at most {@code max-wait}): the intake writes them leased, a freed slot starts the next one without a claim,
 * the cap is never overrun, and one that waits too long goes back to the database for the next claim.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class WaitingDeliveryTest {

    private static final String WAITING = "gateway_dispatcher_waiting";
    private static final String IN_FLIGHT = "gateway_dispatcher_in_flight";
    private static final String VIA_INTAKE = "gateway_dispatcher_attempts_started_total{via=\"intake\"";
    private static final String VIA_CLAIM = "gateway_dispatcher_attempts_started_total{via=\"claim\"";
    /** gateway.delivery.per-endpoint-concurrency (default). */
    private static final int PER_ENDPOINT = 4;
    /** Fewer than gateway.delivery.waiting-per-endpoint (default 8): all of them fit. */
    private static final int BEHIND = 6;
    /** gateway.delivery.max-wait (default). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final List<CountDownLatch> held = IntStream.range(0, PER_ENDPOINT).mapToObj(i -> new CountDownLatch(1))
            .toList();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger mostConcurrent = new AtomicInteger();

    /** The gauges and counters are the instance's: what earlier tests left (retries, hanging endpoints) ends first. */
    @BeforeEach
    void quiet() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Db.count("SELECT count(*) FROM delivery WHERE status = 'pending'") == 0
                        && metric(IN_FLIGHT) == 0 && metric(WAITING) == 0);
    }

    @Test
    void deliveriesBeyondTheCapWaitLeasedAndFollowAsSlotsFree() {
        try (Sink sink = holdingFirstRequests()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            double viaIntake = metric(VIA_INTAKE);
            double viaClaim = metric(VIA_CLAIM);
            List<String> events = new ArrayList<>(send(merchant, PER_ENDPOINT));
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == PER_ENDPOINT);

            events.addAll(send(merchant, BEHIND));
            await().atMost(Duration.ofSeconds(30)).until(() -> leasedPending(merchant) == PER_ENDPOINT + BEHIND);
            assertEquals(BEHIND, metric(WAITING), "beyond the cap, waiting in memory");
            assertEquals(PER_ENDPOINT, sink.received().size(), "requests to the endpoint while its slots are held");

            held.forEach(CountDownLatch::countDown);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == PER_ENDPOINT + BEHIND);
            for (String eventId : events) {
                assertEquals(1, sink.receivedWithId(eventId).size(), eventId);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Db.count("SELECT count(*) FROM delivery "
                    + "WHERE endpoint_id = ? AND status = 'succeeded'", merchant.endpointId()) == PER_ENDPOINT + BEHIND);
            assertEquals(0.0, metric(WAITING));
            assertEquals(PER_ENDPOINT, mostConcurrent.get(), "requests in flight at once, at most the cap");
            assertEquals(PER_ENDPOINT + BEHIND, metric(VIA_INTAKE) - viaIntake, "written leased by the intake");
            assertEquals(0.0, metric(VIA_CLAIM) - viaClaim, "none needed a claim");
        } finally {
            held.forEach(CountDownLatch::countDown);
        }
    }

    @Test
    void aDeliveryThatWaitsPastMaxWaitGoesBackAndIsClaimedAgain() {
        try (Sink sink = holdingFirstRequests()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            send(merchant, PER_ENDPOINT);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == PER_ENDPOINT);
            String eventId = send(merchant, 1).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> leaseOf(eventId) != null);
            String firstLease = leaseOf(eventId);

            // Handed back at its start-by time, and a claim leases it again at once: the slots are still held.
            await().atMost(MAX_WAIT.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> leaseOf(eventId) != null && !firstLease.equals(leaseOf(eventId)));
            assertNotNull(leaseOf(eventId));
            assertEquals(PER_ENDPOINT, sink.received().size(), "no request while the endpoint is at its cap");

            held.forEach(CountDownLatch::countDown);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedWithId(eventId).size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> Db.count("SELECT count(*) FROM delivery "
                    + "WHERE event_id = ? AND status = 'succeeded' AND attempt_count = 1", eventId) == 1);
            assertEquals(PER_ENDPOINT, mostConcurrent.get(), "requests in flight at once, at most the cap");
        } finally {
            held.forEach(CountDownLatch::countDown);
        }
    }

    /** A sink that holds its first four requests until the test lets go, and counts how many it has at once. */
    private Sink holdingFirstRequests() {
        Sink sink = new Sink();
        sink.respond(request -> {
            int now = concurrent.incrementAndGet();
            mostConcurrent.accumulateAndGet(now, Math::max);
            try {
                if (request.sequence() <= PER_ENDPOINT) {
                    held.get(request.sequence() - 1).await(60, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            return Sink.Reply.status(200);
        });
        return sink;
    }

    private static List<String> send(TestMerchant merchant, int count) {
        return IntStream.range(0, count).mapToObj(i -> TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED,
                TestKafka.intent(merchant.id(), "succeeded", 1000 + i, null, Map.of()))).toList();
    }

    private static long leasedPending(TestMerchant merchant) {
        return Db.count("SELECT count(*) FROM delivery WHERE endpoint_id = ? AND status = 'pending' "
                + "AND lease_token IS NOT NULL", merchant.endpointId());
    }

    private static String leaseOf(String eventId) {
        return Db.string("SELECT lease_token FROM delivery WHERE event_id = ?", eventId);
    }
}
