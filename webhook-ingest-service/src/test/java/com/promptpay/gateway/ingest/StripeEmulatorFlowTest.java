package com.promptpay.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.ingest.support.InboxTable;
import com.promptpay.gateway.ingest.support.ProviderEventsTopic;
import com.promptpay.gateway.ingest.support.StripeEvents;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorProcess;
import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Stripe emulator (its packaged jar, in its own JVM) sends its webhooks to this service: what
 * stripe-java creates there and the emulator signs arrives on payment-provider-events unchanged.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class StripeEmulatorFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "sk_test_" + PrefixedIds.next("k").substring(2);
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TestHTTPResource("/webhooks/stripe")
    URI endpoint;

    @Test
    void eventsFromTheEmulatorFlowThroughUnchanged() throws Exception {
        try (StripeEmulatorProcess emulator = StripeEmulatorProcess.start(Path.of("target", "stripe-emulator"), Map.of(
                "STRIPE_SECRET_KEY", API_KEY,
                // the previous secret: the emulator signs as a not-yet-retired secret would
                "STRIPE_WEBHOOK_SECRET", StripeEvents.PREVIOUS_SECRET,
                "STRIPE_WEBHOOK_URLS", endpoint.toString(),
                "STRIPE_WEBHOOK_RETRY_SCHEDULE", "500ms,1s,2s",
                "GATEWAY_INTENTS_MIN_AMOUNT", "100"))) {
            StripeClient stripe = StripeClient.builder().setApiKey(API_KEY).setApiBase(emulator.apiBase())
                    .setMaxNetworkRetries(0).build();

            String intentId = PrefixedIds.next("pi");
            String merchantId = PrefixedIds.next("mch");
            PaymentIntent paid = stripe.v1().paymentIntents().create(promptPay(50_000, intentId, merchantId));
            assertEquals("requires_action", paid.getStatus());
            emulator.authorize(paid.getId());
            JsonNode succeeded = deliveredEvent(emulator, paid.getId(), "payment_intent.succeeded");
            assertFlowedThrough(succeeded, "payment.succeeded", intentId, merchantId, 50_000);

            // Stripe's at-least-once: the same event again, same id and body, fresh signature.
            String succeededId = succeeded.get("id").asText();
            emulator.replay(succeededId);
            Awaitility.await().atMost(DELIVERY).until(() -> delivered(emulator.event(succeededId)) >= 2);
            assertEquals(1, published(succeededId).size(), "a replayed event is not published again");

            String failedIntentId = PrefixedIds.next("pi");
            PaymentIntent failing = stripe.v1().paymentIntents().create(promptPay(12_345, failedIntentId, merchantId));
            emulator.fail(failing.getId());
            JsonNode failed = deliveredEvent(emulator, failing.getId(), "payment_intent.payment_failed");
            JsonNode failedEnvelope = assertFlowedThrough(failed, "payment.failed", failedIntentId, merchantId, 12_345);
            assertEquals(failed.at("/event/data/object/last_payment_error/code").asText(),
                    failedEnvelope.at("/data/failureCode").asText());
            assertTrue(failedEnvelope.at("/data/failureCode").isTextual());

            String canceledIntentId = PrefixedIds.next("pi");
            PaymentIntent canceling = stripe.v1().paymentIntents().create(promptPay(20_000, canceledIntentId, merchantId));
            stripe.v1().paymentIntents().cancel(canceling.getId(), PaymentIntentCancelParams.builder()
                    .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build());
            JsonNode canceled = deliveredEvent(emulator, canceling.getId(), "payment_intent.canceled");
            assertFlowedThrough(canceled, "payment.canceled", canceledIntentId, merchantId, 20_000);
        }
    }

    /** The envelope on Kafka carries exactly what the emulator's signed event said. */
    private JsonNode assertFlowedThrough(JsonNode emulated, String type, String intentId, String merchantId, long amount)
            throws Exception {
        JsonNode event = emulated.get("event");
        String eventId = event.get("id").asText();
        JsonNode intent = event.at("/data/object");
        assertEquals(intentId, intent.at("/metadata/gateway_intent_id").asText());

        List<ConsumerRecord<String, String>> records = published(eventId);
        assertEquals(1, records.size(), "messages for " + eventId);
        ConsumerRecord<String, String> record = records.get(0);
        assertEquals(intentId, record.key());
        assertEquals(type, ProviderEventsTopic.header(record, EventEnvelope.EVENT_TYPE_HEADER));
        JsonNode envelope = JSON.readTree(record.value());
        assertEquals(eventId, envelope.get("id").asText());
        assertEquals(type, envelope.get("type").asText());
        assertEquals(intentId, envelope.get("aggregateId").asText());
        assertEquals(Instant.ofEpochSecond(event.get("created").asLong()), Instant.parse(envelope.get("occurredAt").asText()));
        JsonNode data = envelope.get("data");
        assertEquals(eventId, data.get("providerEventId").asText());
        assertEquals(intent.get("id").asText(), data.get("providerPaymentId").asText());
        assertEquals(intentId, data.get("intentId").asText());
        assertEquals(merchantId, data.get("merchantId").asText());
        assertEquals(amount, data.get("amount").asLong());
        assertEquals(intent.get("currency").asText(), data.get("currency").asText());
        assertEquals(1, InboxTable.rows(eventId));
        return envelope;
    }

    /** Waits until the emulator's event of this type was answered 2xx by this service. */
    private static JsonNode deliveredEvent(StripeEmulatorProcess emulator, String paymentIntentId, String type) {
        return Awaitility.await().atMost(DELIVERY).until(() -> {
            for (JsonNode event : JSON.readTree(emulator.events(paymentIntentId)).get("data")) {
                if (type.equals(event.get("type").asText()) && delivered(event.toString()) >= 1) {
                    return event;
                }
            }
            return null;
        }, found -> found != null);
    }

    /** How many attempts of this event this service answered with 200. */
    private static int delivered(String eventJson) throws Exception {
        int accepted = 0;
        for (JsonNode delivery : JSON.readTree(eventJson).get("deliveries")) {
            for (JsonNode attempt : delivery.get("attempts")) {
                if (attempt.get("httpStatus").asInt() == 200) {
                    accepted++;
                }
            }
        }
        return accepted;
    }

    private static PaymentIntentCreateParams promptPay(long amount, String intentId, String merchantId) {
        return PaymentIntentCreateParams.builder()
                .setAmount(amount)
                .setCurrency("thb")
                .addPaymentMethodType("promptpay")
                .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder()
                        .setType(PaymentIntentCreateParams.PaymentMethodData.Type.PROMPTPAY)
                        .setBillingDetails(PaymentIntentCreateParams.PaymentMethodData.BillingDetails.builder()
                                .setEmail("payer@example.com").build())
                        .build())
                .setConfirm(true)
                .putMetadata("gateway_intent_id", intentId)
                .putMetadata("gateway_merchant_id", merchantId)
                .build();
    }

    private static List<ConsumerRecord<String, String>> published(String eventId) {
        return StripeWebhookTest.published(eventId);
    }
}
