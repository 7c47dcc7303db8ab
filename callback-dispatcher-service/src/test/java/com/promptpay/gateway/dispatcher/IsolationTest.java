package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

/** One merchant's dead endpoint takes at most its per-endpoint share of the workers; the others keep flowing. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class IsolationTest {

    /** gateway.delivery.per-endpoint-concurrency (default). */
    private static final int PER_ENDPOINT = 4;
    /** The delivery timeout is 15 s: a delivery behind the hanging ones would wait at least that long. */
    private static final long FAST_ENOUGH_MILLIS = 5_000;

    @Test
    void aHangingEndpointDoesNotDelayAnotherEndpointsDeliveries() {
        try (Sink hanging = new Sink(); Sink fast = new Sink()) {
            hanging.respond(request -> Reply.hang());
            TestMerchant stuck = TestMerchant.standard(hanging.url()).publish();
            TestMerchant healthy = TestMerchant.standard(fast.url()).publish();

            for (int i = 0; i < 3 * PER_ENDPOINT; i++) {
                TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED,
                        TestKafka.intent(stuck.id(), "succeeded", 1000 + i, null, Map.of()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hanging.received().size() == PER_ENDPOINT);

            Map<String, Instant> produced = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                PaymentIntentEvent intent = TestKafka.intent(healthy.id(), "succeeded", 2000 + i, null, Map.of());
                String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);
                produced.put(eventId, Instant.now());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.received().size() == produced.size());

            for (Sink.Received request : fast.received()) {
                Instant sent = produced.get(request.header("webhook-id"));
                assertThat(Duration.between(sent, request.at()).toMillis(), lessThan(FAST_ENOUGH_MILLIS));
            }
            // The hanging endpoint never had more than its cap in flight, though 12 deliveries wait for it.
            assertEquals(PER_ENDPOINT, hanging.received().size());
        }
    }
}
