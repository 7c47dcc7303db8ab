package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.promptpay.gateway.dispatcher.support.Api;
import com.promptpay.gateway.dispatcher.support.Db;
import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Standard Webhooks over the real broker and database, checked with the published verification library. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class StandardWebhookDeliveryTest {

    @Test
    void succeededPaymentIsSignedWithEveryRotatingSecretAndVerifiesWithTheLibrary() throws Exception {
        try (Sink sink = new Sink()) {
            String newSecret = TestMerchant.newWebhookSecret();
            String oldSecret = TestMerchant.newWebhookSecret();
            TestMerchant merchant = TestMerchant.standard(sink.url(), List.of(newSecret, oldSecret)).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 10000, "Order 42",
                    Map.of("orderId", "42", "note", "ข้าวมันไก่"));
            long before = Instant.now().getEpochSecond();
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 1);
            Sink.Received request = sink.received().get(0);

            assertEquals("/hook", request.path());
            assertEquals(eventId, request.header("webhook-id"));
            assertThat(request.header("content-type"), startsWith("application/json"));
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertThat(before - 1, lessThanOrEqualTo(timestamp));
            assertThat(timestamp, lessThanOrEqualTo(Instant.now().getEpochSecond()));
            List<String> signatures = Arrays.asList(request.header("webhook-signature").split(" "));
            assertEquals(2, signatures.size());
            assertThat(signatures, everyItem(startsWith("v1,")));

            Map<String, Object> body = TestKafka.JSON.readValue(request.body(), new TypeReference<>() {
            });
            assertEquals(List.of("id", "type", "created", "data"), List.copyOf(body.keySet()));
            assertEquals(eventId, body.get("id"));
            assertEquals("payment_intent.succeeded", body.get("type"));
            assertThat(Instant.parse((String) body.get("created")).isAfter(Instant.now()), is(false));
            assertEquals(Map.of("paymentIntentId", intent.paymentIntentId(), "status", "succeeded", "amount", 10000,
                    "currency", "thb", "description", "Order 42", "metadata", Map.of("orderId", "42", "note", "ข้าวมันไก่")),
                    body.get("data"));

            // Both secrets of the rotation verify with the library merchants use; an unrelated secret does not.
            new Webhook(newSecret).verify(request.body(), request.headers());
            new Webhook(oldSecret).verify(request.body(), request.headers());
            assertThrows(WebhookVerificationException.class,
                    () -> new Webhook(TestMerchant.newWebhookSecret()).verify(request.body(), request.headers()));
            // A body changed in transit does not verify.
            assertThrows(WebhookVerificationException.class,
                    () -> new Webhook(newSecret).verify(request.body().replace("10000", "1"), request.headers()));

            var delivery = Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");
            assertEquals(1, delivery.getInt("attemptCount"));
            assertThat(delivery.getString("id"), startsWith("dlv_"));
            assertEquals(merchant.endpointId(), delivery.getString("endpointId"));
            assertThat(delivery.getString("endpointId"), startsWith("ep_"));
            assertEquals(List.of("succeeded"), delivery.getList("attempts.outcome"));
            assertEquals(List.of(200), delivery.getList("attempts.responseStatus"));
            assertThat(delivery.getString("attempts[0].id"), startsWith("atmpt_"));
        }
    }

    @Test
    void createdIsNotDeliveredWhileCanceledAndExpiredAre() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent created = TestKafka.intent(merchant.id(), "requires_action", 5000, null, Map.of());
            PaymentIntentEvent other = TestKafka.intent(merchant.id(), "requires_action", 7000, null, Map.of());
            // Same key as "created": once "canceled" is delivered, "created" was consumed before it.
            String createdId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_CREATED, created);
            String canceledId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_CANCELED, TestKafka.withStatus(created, "canceled"));
            String expiredId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_EXPIRED, TestKafka.withStatus(other, "expired"));

            await().atMost(Duration.ofSeconds(30)).until(() -> !sink.receivedWithId(canceledId).isEmpty()
                    && !sink.receivedWithId(expiredId).isEmpty());

            assertThat(sink.received().stream().map(r -> r.header("webhook-id")).toList(),
                    containsInAnyOrder(canceledId, expiredId));
            assertThat(sink.receivedWithId(canceledId).get(0).body(), containsString("\"type\":\"payment_intent.canceled\""));
            assertThat(sink.receivedWithId(canceledId).get(0).body(), containsString("\"status\":\"canceled\""));
            assertEquals(0, Db.count("SELECT count(*) FROM message WHERE event_id = ?", createdId));
            assertEquals(0, Db.count("SELECT count(*) FROM delivery WHERE event_id = ?", createdId));
        }
    }
}
