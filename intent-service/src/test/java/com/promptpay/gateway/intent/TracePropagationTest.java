package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.intent.IntentTesting.TopicProbe;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One trace per payment: the request that creates an intent, its Stripe call, the outbox record of its
 * creation and, later, the record of its success (caused by a provider event from another trace) all
 * carry the creating request's trace id.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class TracePropagationTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final String MERCHANT_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String STRIPE_WEBHOOK_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final TopicProbe intentEvents = new TopicProbe(Topics.PAYMENT_INTENTS);
    private static final KafkaProducer<String, String> provider = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());

    @Inject
    InMemorySpanExporter spans;

    @AfterAll
    static void close() throws InterruptedException {
        intentEvents.close();
        provider.close();
    }

    @Test
    void creationStripeCallAndOutboxRecordShareTheRequestsTrace() {
        String intent = createWithin(MERCHANT_TRACE);

        ConsumerRecord<String, String> created = intentEvents.await(r -> intent.equals(r.key()), 1).get(0);
        assertEquals(MERCHANT_TRACE, traceIdOf(created));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spansOf(MERCHANT_TRACE).stream()
                .anyMatch(span -> span.getName().equals("stripe create") && span.getKind() == SpanKind.CLIENT));
        // The server span ends after the response is written, so it can be exported after the client has the answer.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(spansOf(MERCHANT_TRACE).stream()
                .anyMatch(span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/payments/intents")),
                () -> "no server span in " + spansOf(MERCHANT_TRACE)));
    }

    @Test
    void successCausedByAnotherTraceContinuesTheIntentsTraceAndLinksItsCause() throws Exception {
        String intent = createWithin(MERCHANT_TRACE);
        intentEvents.await(r -> intent.equals(r.key()), 1);

        ProviderPaymentEvent paid = new ProviderPaymentEvent("stripe", "evt_" + PrefixedIds.next("t"),
                IntentTesting.stripeIdOf(intent), intent, null, 10000, "thb", Instant.now(), null, null);
        var envelope = new EventEnvelope<>(PrefixedIds.next("evt"), EventTypes.PAYMENT_SUCCEEDED, Instant.now(), intent, paid);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PAYMENT_PROVIDER_EVENTS, intent,
                JSON.writeValueAsString(envelope));
        record.headers().add("traceparent", ("00-" + STRIPE_WEBHOOK_TRACE + "-00f067aa0ba902b7-01")
                .getBytes(StandardCharsets.UTF_8));
        provider.send(record).get();

        ConsumerRecord<String, String> succeeded = intentEvents.await(r -> intent.equals(r.key())
                && r.value().contains("\"type\":\"payment_intent.succeeded\""), 1).get(0);
        assertEquals(MERCHANT_TRACE, traceIdOf(succeeded), "the success continues the trace of the intent's creation");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spansOf(MERCHANT_TRACE).stream()
                .anyMatch(span -> span.getName().equals(EventTypes.PAYMENT_INTENT_SUCCEEDED)
                        && span.getLinks().stream().anyMatch(link ->
                                link.getSpanContext().getTraceId().equals(STRIPE_WEBHOOK_TRACE))));
    }

    private static String createWithin(String traceId) {
        String merchantKey = IntentTesting.newMerchant("Traced Shop").getString("apiKey");
        return given().header("Authorization", "Bearer " + merchantKey)
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .contentType("application/json").body(IntentTesting.seedBody())
                .post("/payments/intents").then().statusCode(201).extract().path("paymentIntentId");
    }

    private static String traceIdOf(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("traceparent");
        assertTrue(header != null, "record without traceparent: " + record);
        return new String(header.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
