package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Api;
import com.promptpay.gateway.dispatcher.support.Db;
import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Kafka redelivers; the dispatcher records each event id once, whether the duplicate comes at once or much later. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class IdempotencyTest {

    @Test
    void duplicateKafkaEventsMakeOneMessageOneDeliveryAndOneRequest() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 4200, "Twice", Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
            TestKafka.intentEvent(eventId, EventTypes.PAYMENT_INTENT_SUCCEEDED, intent); // back to back
            Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            TestKafka.intentEvent(eventId, EventTypes.PAYMENT_INTENT_SUCCEEDED, intent); // long after it was delivered
            // A sentinel on the same key (so the same partition, after the duplicates) proves they were consumed.
            PaymentIntentEvent sentinel = TestKafka.withStatus(intent, "succeeded");
            String sentinelId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, sentinel);
            Api.awaitDelivery(merchant, intent.paymentIntentId(), sentinelId, "succeeded");

            assertEquals(1, Db.count("SELECT count(*) FROM message WHERE event_id = ?", eventId));
            assertEquals(1, Db.count("SELECT count(*) FROM delivery WHERE event_id = ?", eventId));
            assertEquals(1, sink.receivedWithId(eventId).size());
            assertEquals(2, Api.deliveriesOfIntent(merchant, intent.paymentIntentId()).size());
        }
    }

    @Test
    void aBurstOfDuplicatesInOneBatchIsRecordedOnce() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "expired", 100, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_EXPIRED, intent);
            for (int i = 0; i < 20; i++) {
                TestKafka.intentEvent(eventId, EventTypes.PAYMENT_INTENT_EXPIRED, intent);
            }
            String sentinelId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_EXPIRED, intent);
            await().atMost(Duration.ofSeconds(30)).until(() -> !sink.receivedWithId(sentinelId).isEmpty());

            assertEquals(1, Db.count("SELECT count(*) FROM message WHERE event_id = ?", eventId));
            assertEquals(1, Db.count("SELECT count(*) FROM delivery WHERE event_id = ?", eventId));
            assertEquals(1, sink.receivedWithId(eventId).size());
        }
    }
}
