package com.promptpay.gateway.dispatcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Api;
import com.promptpay.gateway.dispatcher.support.Db;
import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.Sink.Reply;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.standardwebhooks.Webhook;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Retries driven from the database on the configured schedule (compressed for tests to
 * 0s, 300ms, 600ms, 900ms, 1200ms with ±10% jitter).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class RetryTest {

    /** Lower bound of each scheduled wait with the test jitter (10%), minus a little clock slack. */
    private static final long[] MIN_GAP_MILLIS = { 0, 300 * 9 / 10 - 20, 600 * 9 / 10 - 20, 900 * 9 / 10 - 20 };

    @Test
    void endpointFailingForAWhileIsDeliveredOnceTheScheduleAllowsAndEveryAttemptIsLogged() throws Exception {
        try (Sink sink = new Sink()) {
            AtomicInteger calls = new AtomicInteger();
            String bigError = "x".repeat(5000);
            sink.respond(request -> calls.incrementAndGet() <= 3 ? Reply.status(500, bigError) : Reply.status(200, "ok"));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 12345, "Retry me", Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            JsonPath delivery = Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            List<Sink.Received> requests = sink.received();
            assertEquals(4, requests.size());
            for (int i = 1; i < requests.size(); i++) {
                long gap = Duration.between(requests.get(i - 1).at(), requests.get(i).at()).toMillis();
                assertThat("wait before attempt " + (i + 1), gap, greaterThanOrEqualTo(MIN_GAP_MILLIS[i]));
            }
            for (Sink.Received request : requests) {
                assertEquals(eventId, request.header("webhook-id")); // the same id on every retry
                new Webhook(merchant.secret()).verify(request.body(), request.headers()); // each attempt signed anew
                assertEquals(requests.get(0).body(), request.body()); // the same bytes every time
            }
            assertEquals(4, delivery.getInt("attemptCount"));
            assertEquals(List.of("http_error", "http_error", "http_error", "succeeded"), delivery.getList("attempts.outcome"));
            assertEquals(List.of(500, 500, 500, 200), delivery.getList("attempts.responseStatus"));
            assertEquals(1024, delivery.getString("attempts[0].responseBody").length()); // the first 1 KB only
            assertEquals("ok", delivery.getString("attempts[3].responseBody"));
            assertEquals("HTTP 500", delivery.getString("attempts[0].error"));
            assertThat(delivery.getString("succeededAt"), notNullValue());
            // The attempt log is append-only: the database refuses to change it.
            assertTrue(updateRefused(delivery.getString("attempts[0].id")));
            // A success ends the endpoint's failure streak.
            assertThat(Api.endpoint(merchant).getString("data[0].failingSince"), nullValue());
        }
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        try (Sink sink = new Sink()) {
            AtomicInteger calls = new AtomicInteger();
            String elsewhere = "http://127.0.0.1:" + sink.port() + "/elsewhere";
            sink.respond(request -> request.path().equals("/elsewhere") ? Reply.status(200)
                    : calls.incrementAndGet() == 1 ? Reply.withHeader(302, "Location", elsewhere) : Reply.status(204));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 5000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            JsonPath delivery = Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            assertEquals(List.of(302, 204), delivery.getList("attempts.responseStatus"));
            assertEquals("http_error", delivery.getString("attempts[0].outcome"));
            assertThat(delivery.getString("attempts[0].error"), startsWith("HTTP 302"));
            assertTrue(sink.received().stream().noneMatch(r -> r.path().equals("/elsewhere")));
        }
    }

    @Test
    void retryAfterOn429IsHonoured() {
        try (Sink sink = new Sink()) {
            AtomicInteger calls = new AtomicInteger();
            sink.respond(request -> calls.incrementAndGet() == 1 ? Reply.withHeader(429, "Retry-After", "2") : Reply.status(200));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 5000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            JsonPath delivery = Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            assertEquals(List.of("throttled", "succeeded"), delivery.getList("attempts.outcome"));
            List<Sink.Received> requests = sink.received();
            // The schedule says 300 ms; the endpoint asked for 2 s.
            assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()).toMillis(), greaterThanOrEqualTo(1950L));
        }
    }

    @Test
    void deliveryFailsAfterTheLastScheduledAttempt() {
        try (Sink sink = new Sink()) {
            sink.respond(request -> Reply.status(503));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "expired", 5000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_EXPIRED, intent);

            JsonPath delivery = Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "failed");

            assertEquals(5, delivery.getInt("attemptCount"));
            assertEquals(5, delivery.getList("attempts").size());
            assertThat(delivery.getString("failedAt"), notNullValue());
            assertThat(delivery.getString("nextAttemptAt"), nullValue());
            assertEquals(5, sink.received().size());
            // Terminal in the database: nothing will send it again unless the merchant asks.
            assertEquals(1, Db.count("SELECT count(*) FROM delivery WHERE event_id = ? AND status = 'failed' "
                    + "AND next_attempt_at IS NULL AND lease_token IS NULL", eventId));
            // The endpoint is failing, but far from the 5 days that disable it.
            JsonPath endpoint = Api.endpoint(merchant);
            assertTrue(endpoint.getBoolean("data[0].enabled"));
            assertThat(endpoint.getString("data[0].failingSince"), notNullValue());
        }
    }

    private static boolean updateRefused(String attemptId) {
        try {
            Db.execute("UPDATE attempt SET error = 'rewritten' WHERE id = ?", attemptId);
            return false;
        } catch (IllegalStateException refused) {
            return refused.getCause().getMessage().contains("append-only");
        }
    }
}
