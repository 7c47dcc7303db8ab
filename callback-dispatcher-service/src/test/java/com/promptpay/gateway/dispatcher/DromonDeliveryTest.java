package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

/** The legacy Dromon callback, byte for byte as dromon-callback-api.ru.md describes it. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class DromonDeliveryTest {

    private static final String APP_SECRET = "app-secret-88273";
    /** md5("app-secret-88273"), computed outside the code under test. */
    private static final String MD5_OF_APP_SECRET = "966a04aa0506bea343ba697671123974";

    @Test
    void succeededPaymentIsPostedWithTheMd5BearerAndTheExactBody() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.dromon(sink.url(), APP_SECRET).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 8, "Заказ 88273-D",
                    Map.of("uid", "88273-D", "orderId", "ignored-when-uid-is-set"));
            TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 1);
            Sink.Received request = sink.received().get(0);

            assertEquals("{\"uid\":\"88273-D\",\"text\":\"Заказ 88273-D\",\"sum\":8}", request.body());
            assertEquals("Bearer " + MD5_OF_APP_SECRET, request.header("authorization"));
            assertEquals("application/json", request.header("content-type"));
            assertThat(request.header("webhook-signature"), nullValue());
        }
    }

    @Test
    void uidFallsBackToOrderIdThenToTheIntentId() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.dromon(sink.url(), APP_SECRET).publish();
            PaymentIntentEvent withOrderId = TestKafka.intent(merchant.id(), "succeeded", 15000, "Order", Map.of("orderId", "A-17"));
            PaymentIntentEvent bare = TestKafka.intent(merchant.id(), "succeeded", 2500, null, null);
            TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, withOrderId);
            TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, bare);

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 2);
            Map<String, String> bodies = Map.of(
                    "A-17", "{\"uid\":\"A-17\",\"text\":\"Order\",\"sum\":15000}",
                    bare.paymentIntentId(), "{\"uid\":\"" + bare.paymentIntentId() + "\",\"text\":\"\",\"sum\":2500}");
            for (Sink.Received request : sink.received()) {
                String expected = request.body().contains("A-17") ? bodies.get("A-17") : bodies.get(bare.paymentIntentId());
                assertEquals(expected, request.body());
            }
        }
    }

    @Test
    void onlySucceededPaymentsAreSent() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.dromon(sink.url(), APP_SECRET).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "requires_action", 9900, "Late", Map.of("uid", "U-1"));
            // One key, one partition: canceled and expired are consumed before succeeded.
            String canceled = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_CANCELED, TestKafka.withStatus(intent, "canceled"));
            String expired = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_EXPIRED, TestKafka.withStatus(intent, "expired"));
            TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, TestKafka.withStatus(intent, "succeeded"));

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 1);
            assertEquals("{\"uid\":\"U-1\",\"text\":\"Late\",\"sum\":9900}", sink.received().get(0).body());
            assertEquals(0, Db.count("SELECT count(*) FROM delivery WHERE event_id IN (?, ?)", canceled, expired));
            // The events themselves are recorded (a Standard endpoint would have received them).
            assertEquals(2, Db.count("SELECT count(*) FROM message WHERE event_id IN (?, ?)", canceled, expired));
        }
    }
}
