package com.promptpay.gateway.stripeemulator.webhook;

import static com.promptpay.gateway.stripeemulator.support.Emulator.createPromptPay;
import static com.promptpay.gateway.stripeemulator.support.Emulator.stripe;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.promptpay.gateway.stripeemulator.support.Emulator;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiver;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiver.Received;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiverResource;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    WebhookReceiver receiver;

    @AfterEach
    void backToNormalDelivery() {
        given().contentType("application/json").body("{}").put("/_emulator/delivery-mode").then().statusCode(200);
    }

    /** Verifies like the gateway's ingest does; a bad signature or an unreadable object fails the test. */
    private static PaymentIntent verifiedIntent(Received received, String expectedType) throws Exception {
        Event event = Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
        assertEquals(expectedType, event.getType());
        assertEquals("application/json; charset=utf-8", received.contentType());
        Optional<StripeObject> object = event.getDataObjectDeserializer().getObject();
        assertTrue(object.isPresent(), "stripe-java could not deserialize data.object of " + event.getApiVersion());
        return (PaymentIntent) object.get();
    }

    private static String eventId(Received received) throws Exception {
        return Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET).getId();
    }

    private List<Received> awaitDeliveries(String intentId, int count) {
        return await().atMost(PATIENCE).until(() -> receiver.about(intentId), list -> list.size() >= count);
    }

    private static JsonPath adminEvents(String intentId, String type) {
        return given().queryParam("paymentIntent", intentId).queryParam("type", type)
                .get("/_emulator/events").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void succeededEventIsSignedAndCarriesTheIntent() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_ok");

        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        Received received = awaitDeliveries(created.getId(), 1).get(0);
        PaymentIntent delivered = verifiedIntent(received, "payment_intent.succeeded");
        assertEquals(created.getId(), delivered.getId());
        assertEquals("succeeded", delivered.getStatus());
        assertEquals(10_000L, delivered.getAmountReceived());
        assertEquals("pi_gw_hook_ok", delivered.getMetadata().get("gateway_intent_id"));
        Event event = Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
        assertEquals(com.stripe.Stripe.API_VERSION, event.getApiVersion());
        assertFalse(event.getLivemode());
        assertEquals(1L, event.getPendingWebhooks());
        assertTrue(event.getId().startsWith("evt_"), event.getId());
    }

    @Test
    void onlyEnabledEventTypesAreSentButAllAreListed() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_enabled");
        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);
        awaitDeliveries(created.getId(), 1);

        List<String> listed = adminEvents(created.getId(), null).getList("data.type");
        assertEquals(List.of("payment_intent.created", "payment_intent.requires_action", "payment_intent.succeeded"),
                listed);
        await().during(Duration.ofMillis(300)).atMost(PATIENCE)
                .until(() -> receiver.about(created.getId()).size() == 1);
        assertEquals("payment_intent.succeeded", JsonPath.from(receiver.about(created.getId()).get(0).payload())
                .getString("type"));
    }

    @Test
    void paymentFailedEventFromTheTestPage() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_fail");

        given().redirects().follow(false).post("/promptpay/" + created.getId() + "/fail").then().statusCode(303);

        PaymentIntent delivered = verifiedIntent(awaitDeliveries(created.getId(), 1).get(0),
                "payment_intent.payment_failed");
        assertEquals("requires_payment_method", delivered.getStatus());
        assertEquals("payment_intent_payment_attempt_failed", delivered.getLastPaymentError().getCode());
        assertEquals("pi_gw_hook_fail", delivered.getMetadata().get("gateway_intent_id"));
    }

    @Test
    void canceledEventRecordsTheRequestThatCausedIt() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_cancel");

        PaymentIntent canceled = stripe().v1().paymentIntents().cancel(created.getId(),
                RequestOptions.builder().setIdempotencyKey("cancel-" + created.getId()).build());

        Received received = awaitDeliveries(created.getId(), 1).get(0);
        assertEquals("canceled", verifiedIntent(received, "payment_intent.canceled").getStatus());
        Event event = Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
        assertEquals("cancel-" + created.getId(), event.getRequest().getIdempotencyKey());
        assertEquals(canceled.getLastResponse().requestId(), event.getRequest().getId());
    }

    @Test
    void non2xxAnswersAreRetriedUntilDelivered() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_retry");
        receiver.failNext(created.getId(), 2);

        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        List<Received> attempts = awaitDeliveries(created.getId(), 3);
        assertEquals(List.of(500, 500, 200), attempts.stream().map(Received::answeredStatus).toList());
        String eventId = eventId(attempts.get(0));
        for (Received attempt : attempts) {
            verifiedIntent(attempt, "payment_intent.succeeded");
            assertEquals(eventId, eventId(attempt));
        }
        await().atMost(PATIENCE).until(() -> "delivered".equals(
                adminEvents(created.getId(), "payment_intent.succeeded").getString("data[0].deliveries[0].state")));
        JsonPath log = adminEvents(created.getId(), "payment_intent.succeeded");
        assertEquals(List.of(500, 500, 200), log.getList("data[0].deliveries[0].attempts.httpStatus"));
    }

    @Test
    void deliveryGivesUpWhenTheScheduleRunsOut() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_giveup");
        receiver.failNext(created.getId(), 100);

        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        await().atMost(PATIENCE).until(() -> "failed".equals(
                adminEvents(created.getId(), "payment_intent.succeeded").getString("data[0].deliveries[0].state")));
        // One attempt plus one per entry of the test retry schedule (200ms,300ms,400ms), then no more.
        assertEquals(4, receiver.about(created.getId()).size());
        assertEquals(4, adminEvents(created.getId(), "payment_intent.succeeded")
                .getList("data[0].deliveries[0].attempts").size());
    }

    @Test
    void duplicateModeDeliversTheSameEventTwice() throws Exception {
        given().contentType("application/json").body("{\"duplicate\":true}").put("/_emulator/delivery-mode").then()
                .statusCode(200);
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_dup");

        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        List<Received> both = awaitDeliveries(created.getId(), 2);
        assertEquals(eventId(both.get(0)), eventId(both.get(1)));
        assertEquals(both.get(0).payload(), both.get(1).payload());
        verifiedIntent(both.get(0), "payment_intent.succeeded");
        verifiedIntent(both.get(1), "payment_intent.succeeded");
    }

    @Test
    void delayModeHoldsTheEventBack() throws Exception {
        given().contentType("application/json").body("{\"delayMs\":1500}").put("/_emulator/delivery-mode").then()
                .statusCode(200).body("delayMs", org.hamcrest.Matchers.is(1500));
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_delay");
        Instant authorizedAt = Instant.now();

        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        Received received = awaitDeliveries(created.getId(), 1).get(0);
        assertTrue(Duration.between(authorizedAt, received.receivedAt()).toMillis() >= 1500,
                "delivered after " + Duration.between(authorizedAt, received.receivedAt()));
        verifiedIntent(received, "payment_intent.succeeded");
    }

    @Test
    void replaySendsTheSameEventAgain() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_replay");
        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);
        String eventId = eventId(awaitDeliveries(created.getId(), 1).get(0));

        given().post("/_emulator/events/" + eventId + "/replay").then().statusCode(200);

        List<Received> both = awaitDeliveries(created.getId(), 2);
        assertEquals(eventId, eventId(both.get(1)));
        verifiedIntent(both.get(1), "payment_intent.succeeded");
    }

    @Test
    void aDeliveredEventCanBeFetchedBackThroughStripeJava() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_fetch");
        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);
        Received received = awaitDeliveries(created.getId(), 1).get(0);

        Event fetched = stripe().v1().events().retrieve(eventId(received));

        assertEquals("payment_intent.succeeded", fetched.getType());
        PaymentIntent intent = (PaymentIntent) fetched.getDataObjectDeserializer().getObject().orElseThrow();
        assertEquals(created.getId(), intent.getId());
        assertEquals("succeeded", intent.getStatus());
    }

    @Test
    void everyWebhookReceivedSoFarVerifies() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_hook_all");
        given().post("/_emulator/payment_intents/" + created.getId() + "/fail").then().statusCode(200);
        awaitDeliveries(created.getId(), 1);

        for (Received received : receiver.all()) {
            Event event = Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
            assertTrue(event.getDataObjectDeserializer().getObject().isPresent(), event.getId());
        }
    }
}
