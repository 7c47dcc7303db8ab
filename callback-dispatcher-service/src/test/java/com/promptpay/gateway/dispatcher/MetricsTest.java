package com.promptpay.gateway.dispatcher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Deliveries by outcome, attempts, event-to-delivery latency and the backlog, as Prometheus scrapes them. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class MetricsTest {

    @Test
    void aDeliveryAfterOneFailureShowsInTheMetrics() {
        try (Sink sink = new Sink()) {
            AtomicInteger calls = new AtomicInteger();
            sink.respond(request -> calls.incrementAndGet() == 1 ? Reply.status(500) : Reply.status(200));
            TestMerchant merchant = TestMerchant.standard(sink.url()).publish();
            double succeeded = metric("gateway_dispatcher_deliveries_total{outcome=\"succeeded\"");
            double okAttempts = metric("gateway_dispatcher_attempts_total{outcome=\"succeeded\"");
            double failedAttempts = metric("gateway_dispatcher_attempts_total{outcome=\"http_error\"");
            double latencies = metric("gateway_dispatcher_delivery_latency_seconds_count");

            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
            Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            assertThat(metric("gateway_dispatcher_deliveries_total{outcome=\"succeeded\"") - succeeded, greaterThanOrEqualTo(1.0));
            assertThat(metric("gateway_dispatcher_attempts_total{outcome=\"succeeded\"") - okAttempts, greaterThanOrEqualTo(1.0));
            assertThat(metric("gateway_dispatcher_attempts_total{outcome=\"http_error\"") - failedAttempts, greaterThanOrEqualTo(1.0));
            assertThat(metric("gateway_dispatcher_delivery_latency_seconds_count") - latencies, greaterThanOrEqualTo(1.0));
            String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(scrape.contains("gateway_dispatcher_backlog "), "backlog gauge");
            assertTrue(scrape.contains("gateway_dispatcher_endpoints_disabled "), "disabled endpoints gauge");
            assertTrue(scrape.contains("gateway_dispatcher_delivery_latency_seconds_bucket"), "latency histogram");
        }
    }

    /** Alerts on failed attempts read series that must exist before the first failure, or rate() has nothing to start from. */
    @Test
    void everyAttemptOutcomeIsExposedBeforeItHappens() {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            assertTrue(scrape.contains("gateway_dispatcher_attempts_total{outcome=\"" + outcome.wireName() + "\""),
                    "no attempts series for " + outcome.wireName());
        }
    }

    /** Sum of the samples whose line starts with {@code prefix} (a name, optionally with the start of its labels). */
    static double metric(String prefix) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(prefix + " ") || line.startsWith(prefix + "{")
                || line.startsWith(prefix) && prefix.contains("{"))
                .map(line -> line.split(" # ")[0]) // an exemplar may follow the value
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
