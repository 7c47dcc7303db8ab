package com.promptpay.gateway.dispatcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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

/** The merchants topic, kept in the dispatcher's own database. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class MerchantConfigTest {

    @Test
    void anOlderConfigurationNeverReplacesANewerOneAndTheEndpointIdIsStable() {
        try (Sink current = new Sink(); Sink stale = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(current.url()).publish();
            String endpointId = merchant.endpointId();
            // An older record arrives late, then a newer one that only rotates the API key.
            TestKafka.merchant(merchant.withUrl(stale.url()).updatedAt(merchant.updatedAt().minusSeconds(60)).event());
            TestMerchant rotated = merchant.withApiKey(PrefixedIds.next("sk")).publish();

            // Same partition (same key): the stale record was consumed before the key rotation was applied.
            assertEquals(current.url(), Api.endpoint(rotated).getString("data[0].url"));
            assertEquals(endpointId, rotated.endpointId());
            given().header("Authorization", merchant.authorization()).get("/webhook-deliveries").then().statusCode(401);

            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
            Api.awaitDelivery(rotated, intent.paymentIntentId(), eventId, "succeeded");
            assertEquals(1, current.received().size());
            assertEquals(0, stale.received().size());

            // A new URL keeps the endpoint's id.
            TestMerchant moved = rotated.withUrl(stale.url()).publish();
            assertEquals(endpointId, moved.endpointId());
        }
    }

    @Test
    void eventsThatArriveBeforeTheirMerchantAreDeliveredOnceItsConfigurationDoes() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url());
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Db.count("SELECT count(*) FROM message WHERE event_id = ? AND orphan", eventId) == 1);
            assertEquals(0, Db.count("SELECT count(*) FROM delivery WHERE event_id = ?", eventId));

            merchant.publish();

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedWithId(eventId).size() == 1);
            assertEquals(0, Db.count("SELECT count(*) FROM message WHERE event_id = ? AND orphan", eventId));
        }
    }

    @Test
    void aTombstoneRemovesTheMerchant() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            TestKafka.tombstone(merchant.id());

            await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", merchant.authorization())
                    .get("/webhook-endpoints").statusCode() == 401);
            assertEquals("merchant_deleted", Db.string("SELECT disabled_reason FROM endpoint WHERE merchant_id = ?", merchant.id()));

            // A newer configuration brings it back.
            TestMerchant back = merchant.updatedAt(Instant.now().plusMillis(5)).publish();
            assertFalse(Api.endpoint(back).getString("data[0].id").isEmpty());
        }
    }
}
