package com.promptpay.gateway.dispatcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Api;
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

/** The merchant API: a merchant sees and acts on its own deliveries only. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class MerchantApiTest {

    @Test
    void withoutAValidKeyEverythingIs401ProblemJson() {
        for (String authorization : new String[] { null, "Bearer sk_not_a_key", "Basic abc", "Bearer " }) {
            var request = given();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.get("/webhook-deliveries").then().statusCode(401).contentType("application/problem+json")
                    .body("status", is(401)).body("title", is("Unauthorized"));
        }
        given().post("/webhook-endpoints/test").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void listsOnlyTheCallersDeliveriesFilteredAndPaged() {
        try (Sink sinkA = new Sink(); Sink sinkB = new Sink()) {
            TestMerchant a = TestMerchant.standard(sinkA.url()).publish();
            TestMerchant b = TestMerchant.standard(sinkB.url()).publish();
            PaymentIntentEvent paid = TestKafka.intent(a.id(), "succeeded", 1000, null, Map.of());
            PaymentIntentEvent canceled = TestKafka.intent(a.id(), "canceled", 1000, null, Map.of());
            PaymentIntentEvent other = TestKafka.intent(b.id(), "succeeded", 1000, null, Map.of());
            String paidEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, paid);
            String canceledEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_CANCELED, canceled);
            String otherEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, other);
            Api.awaitDelivery(a, paid.paymentIntentId(), paidEvent, "succeeded");
            Api.awaitDelivery(a, canceled.paymentIntentId(), canceledEvent, "succeeded");
            Api.awaitDelivery(b, other.paymentIntentId(), otherEvent, "succeeded");

            List<String> all = list(a, Map.of()).getList("data.eventId");
            assertThat(all, containsInAnyOrder(paidEvent, canceledEvent));
            assertEquals(List.of(canceledEvent), list(a, Map.of("eventType", "payment_intent.canceled")).getList("data.eventId"));
            assertEquals(List.of(paidEvent), list(a, Map.of("paymentIntentId", paid.paymentIntentId())).getList("data.eventId"));
            assertEquals(2, list(a, Map.of("status", "succeeded")).getList("data").size());
            assertEquals(0, list(a, Map.of("status", "failed")).getList("data").size());
            assertEquals(List.of(otherEvent), list(b, Map.of()).getList("data.eventId"));
            assertEquals(0, list(b, Map.of("paymentIntentId", paid.paymentIntentId())).getList("data").size());

            JsonPath firstPage = list(a, Map.of("limit", "1"));
            assertEquals(true, firstPage.getBoolean("hasMore"));
            JsonPath secondPage = list(a, Map.of("limit", "1", "startingAfter", firstPage.getString("data[0].id")));
            assertEquals(false, secondPage.getBoolean("hasMore"));
            assertThat(List.of(firstPage.getString("data[0].eventId"), secondPage.getString("data[0].eventId")),
                    containsInAnyOrder(paidEvent, canceledEvent));
        }
    }

    @Test
    void anotherMerchantsDeliveryIsNotFoundAndCannotBeRetried() {
        try (Sink sinkA = new Sink(); Sink sinkB = new Sink()) {
            TestMerchant a = TestMerchant.standard(sinkA.url()).publish();
            TestMerchant b = TestMerchant.standard(sinkB.url()).publish();
            PaymentIntentEvent paid = TestKafka.intent(a.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, paid);
            String deliveryId = Api.awaitDelivery(a, paid.paymentIntentId(), eventId, "succeeded").getString("id");

            given().header("Authorization", b.authorization()).get("/webhook-deliveries/" + deliveryId)
                    .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
            given().header("Authorization", b.authorization()).post("/webhook-deliveries/" + deliveryId + "/retry")
                    .then().statusCode(404).contentType("application/problem+json");
            given().header("Authorization", a.authorization()).get("/webhook-deliveries/dlv_nope")
                    .then().statusCode(404).contentType("application/problem+json");

            assertEquals(1, Api.delivery(a, deliveryId).getInt("attemptCount"));
            assertEquals(1, sinkA.received().size());
            assertEquals(0, sinkB.received().size());
        }
    }

    @Test
    void retryResendsWithTheSameWebhookId() throws Exception {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            PaymentIntentEvent paid = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, paid);
            String deliveryId = Api.awaitDelivery(merchant, paid.paymentIntentId(), eventId, "succeeded").getString("id");

            given().header("Authorization", merchant.authorization()).post("/webhook-deliveries/" + deliveryId + "/retry")
                    .then().statusCode(202).body("id", is(deliveryId)).body("status", is("pending"));

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 2
                    && Api.delivery(merchant, deliveryId).getInt("attemptCount") == 2);
            for (Sink.Received request : sink.received()) {
                assertEquals(eventId, request.header("webhook-id"));
                new Webhook(merchant.secret()).verify(request.body(), request.headers());
            }
            JsonPath delivery = Api.delivery(merchant, deliveryId);
            assertEquals("succeeded", delivery.getString("status"));
            assertEquals(List.of("succeeded", "succeeded"), delivery.getList("attempts.outcome"));
        }
    }

    @Test
    void recoverResendsOnlyTheCallersDeliveriesThatFailedSinceTheGivenTime() {
        try (Sink sink = new Sink(); Sink otherSink = new Sink()) {
            sink.respond(request -> Reply.status(500));
            otherSink.respond(request -> Reply.status(500));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            TestMerchant other = TestMerchant.standard(otherSink.url()).publish();

            PaymentIntentEvent before = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String beforeEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, before);
            Api.awaitDelivery(merchant, before.paymentIntentId(), beforeEvent, "failed");
            Instant since = Instant.now();
            PaymentIntentEvent after = TestKafka.intent(merchant.id(), "succeeded", 2000, null, Map.of());
            String afterEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, after);
            PaymentIntentEvent othersIntent = TestKafka.intent(other.id(), "succeeded", 3000, null, Map.of());
            String othersEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, othersIntent);
            Api.awaitDelivery(merchant, after.paymentIntentId(), afterEvent, "failed");
            Api.awaitDelivery(other, othersIntent.paymentIntentId(), othersEvent, "failed");

            sink.respond(request -> Reply.status(200));
            otherSink.respond(request -> Reply.status(200));
            given().header("Authorization", merchant.authorization()).contentType("application/json")
                    .body(Map.of("since", since.toString())).post("/webhook-endpoints/recover")
                    .then().statusCode(202).body("recovered", is(1)).body("since", is(since.toString()));

            JsonPath recovered = Api.awaitDelivery(merchant, after.paymentIntentId(), afterEvent, "succeeded");
            assertEquals(6, recovered.getInt("attemptCount"));
            assertEquals("failed", Api.deliveryOfEvent(merchant, before.paymentIntentId(), beforeEvent).get("status"));
            assertEquals("failed", Api.deliveryOfEvent(other, othersIntent.paymentIntentId(), othersEvent).get("status"));
            // The other merchant's failed delivery was not touched: still its five scheduled attempts only.
            assertEquals(5, otherSink.receivedWithId(othersEvent).size());
            assertEquals(5, sink.receivedWithId(beforeEvent).size());
        }
    }

    @Test
    void aTestEventIsSignedAndDelivered() throws Exception {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();

            String deliveryId = given().header("Authorization", merchant.authorization()).post("/webhook-endpoints/test")
                    .then().statusCode(202).body("eventType", is("webhook.test")).body("status", is("pending"))
                    .extract().path("id");

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == 1);
            Sink.Received request = sink.received().get(0);
            new Webhook(merchant.secret()).verify(request.body(), request.headers());
            assertThat(request.body(), startsWith("{\"id\":\"" + request.header("webhook-id") + "\",\"type\":\"webhook.test\""));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "succeeded".equals(Api.delivery(merchant, deliveryId).getString("status")));
        }
    }

    @Test
    void badInputIsA400ProblemNamingTheField() {
        try (Sink sink = new Sink()) {
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            given().header("Authorization", merchant.authorization())
                    .queryParam("status", "bogus").queryParam("limit", "0").queryParam("paymentIntentId", "nope")
                    .get("/webhook-deliveries")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", is(400))
                    .body("errors.field", hasItems("status", "limit", "paymentIntentId"));
            given().header("Authorization", merchant.authorization()).queryParam("limit", "many")
                    .get("/webhook-deliveries").then().statusCode(400).body("errors[0].field", is("limit"));
            given().header("Authorization", merchant.authorization()).contentType("application/json")
                    .body("{\"since\":\"yesterday\"}").post("/webhook-endpoints/recover")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("since"));
            given().header("Authorization", merchant.authorization()).contentType("application/json")
                    .body("{\"since\":").post("/webhook-endpoints/recover")
                    .then().statusCode(400).contentType("application/problem+json").body("title", is("Malformed JSON"));
            given().header("Authorization", merchant.authorization()).contentType("application/json")
                    .body("{}").post("/webhook-endpoints/recover")
                    .then().statusCode(400).body("errors[0].field", is("since"));
            given().header("Authorization", merchant.authorization()).contentType("application/json")
                    .body(Map.of("since", Instant.now().plusSeconds(3600).toString())).post("/webhook-endpoints/recover")
                    .then().statusCode(400).body("errors[0].message", is("must not be in the future"));
            given().header("Authorization", merchant.authorization()).contentType("text/plain").body("x")
                    .post("/webhook-endpoints/recover").then().statusCode(415).contentType("application/problem+json");
            given().header("Authorization", merchant.authorization()).get("/webhook-deliveries/dlv_x/retry")
                    .then().statusCode(405).contentType("application/problem+json");
        }
    }

    private static JsonPath list(TestMerchant merchant, Map<String, String> query) {
        return given().header("Authorization", merchant.authorization()).queryParams(query).get("/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath();
    }
}
