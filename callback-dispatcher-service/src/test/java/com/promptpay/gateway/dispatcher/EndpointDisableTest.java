package com.promptpay.gateway.dispatcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** 410 disables an endpoint; so does failing for five days; recovery turns it back on and re-sends. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class EndpointDisableTest {

    @Test
    void goneDisablesTheEndpointAndRecoveryResendsWhatFailedMeanwhile() {
        try (Sink sink = new Sink()) {
            AtomicInteger gone = new AtomicInteger();
            sink.respond(request -> {
                gone.incrementAndGet();
                return Reply.status(410);
            });
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            Instant start = Instant.now();
            PaymentIntentEvent first = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String firstEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, first);

            JsonPath failed = Api.awaitDelivery(merchant, first.paymentIntentId(), firstEvent, "failed");
            assertEquals(List.of("gone"), failed.getList("attempts.outcome"));
            JsonPath endpoint = Api.endpoint(merchant);
            assertFalse(endpoint.getBoolean("data[0].enabled"));
            assertEquals("gone", endpoint.getString("data[0].disabledReason"));

            // While disabled, new events are recorded as failed deliveries and nothing is sent.
            PaymentIntentEvent second = TestKafka.intent(merchant.id(), "canceled", 2000, null, Map.of());
            String secondEvent = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_CANCELED, second);
            JsonPath waiting = Api.awaitDelivery(merchant, second.paymentIntentId(), secondEvent, "failed");
            assertEquals(0, waiting.getInt("attemptCount"));
            assertEquals("endpoint disabled", waiting.getString("lastError"));
            assertEquals(1, gone.get());
            // A retry of one delivery is refused while the endpoint is disabled.
            given().header("Authorization", merchant.authorization())
                    .post("/webhook-deliveries/" + waiting.getString("id") + "/retry")
                    .then().statusCode(409).contentType("application/problem+json");

            sink.respond(request -> Reply.status(200));
            given().header("Authorization", merchant.authorization()).contentType("application/json")
                    .body(Map.of("since", start.minusSeconds(1).toString()))
                    .post("/webhook-endpoints/recover")
                    .then().statusCode(202)
                    .body("recovered", is(2))
                    .body("endpointId", is(merchant.endpointId()));

            Api.awaitDelivery(merchant, first.paymentIntentId(), firstEvent, "succeeded");
            Api.awaitDelivery(merchant, second.paymentIntentId(), secondEvent, "succeeded");
            assertTrue(Api.endpoint(merchant).getBoolean("data[0].enabled"));
            assertEquals(1, sink.receivedWithId(secondEvent).size());
        }
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabled() {
        try (Sink sink = new Sink()) {
            sink.respond(request -> Reply.status(500));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            String endpointId = merchant.endpointId();
            // Five days of failures, without waiting five days.
            assertEquals(1, Db.execute("UPDATE endpoint SET failing_since = now() - interval '5 days 1 minute' WHERE id = ?",
                    endpointId));
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            JsonPath delivery = Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "failed");

            assertEquals(1, delivery.getInt("attemptCount"));
            JsonPath endpoint = Api.endpoint(merchant);
            assertFalse(endpoint.getBoolean("data[0].enabled"));
            assertEquals("failing", endpoint.getString("data[0].disabledReason"));
            assertEquals(1, sink.received().size());
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("gateway_dispatcher_endpoints_disabled") >= 1);
        }
    }

    static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.split(" # ")[0]) // an exemplar may follow the value
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
