package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The merchant webhook is delivered inside the payment's trace, which arrived in the Kafka record's headers. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class TraceContinuationTest {

    private static final String PAYMENT_TRACE = "5af7651916cd43dd8448eb211c80319d";

    /** Delivery attempt lines, with the MDC as it was when each was logged. */
    private static final List<org.jboss.logmanager.ExtLogRecord> LOG_LINES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        java.util.logging.Logger.getLogger("com.promptpay.gateway.dispatcher.service.DeliveryTraces").addHandler(
                new java.util.logging.Handler() {
                    @Override
                    public void publish(java.util.logging.LogRecord record) {
                        if (record instanceof org.jboss.logmanager.ExtLogRecord line) {
                            line.copyMdc();
                            LOG_LINES.add(line);
                        }
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                });
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void everyAttemptIsASpanOfThePaymentsTraceEvenAfterARetry() throws Exception {
        try (Sink sink = new Sink()) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            sink.respond(request -> Sink.Reply.status(calls.incrementAndGet() == 1 ? 500 : 200));
            TestMerchant merchant = TestMerchant.standard(sink.url(), List.of(TestMerchant.newWebhookSecret())).publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 10000, "Order 7", Map.of());
            TestKafka.intentEventInTrace(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent,
                    "00-" + PAYMENT_TRACE + "-00f067aa0ba902b7-01");

            await().atMost(Duration.ofSeconds(60)).until(() -> attemptsOf(intent.paymentIntentId()).size() >= 2);

            List<SpanData> attempts = attemptsOf(intent.paymentIntentId());
            for (SpanData attempt : attempts) {
                assertEquals(PAYMENT_TRACE, attempt.getTraceId(), "attempt outside the payment's trace: " + attempt);
                assertEquals(SpanKind.CLIENT, attempt.getKind());
                assertEquals("webhook " + EventTypes.PAYMENT_INTENT_SUCCEEDED, attempt.getName());
            }
            assertEquals(List.of(500L, 200L), attempts.stream().map(span -> span.getAttributes().get(
                    io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code"))).toList());
            // Every attempt's log line names the payment and its trace (e2e LocalStackIT checks the same in JSON logs).
            await().atMost(Duration.ofSeconds(10)).until(() -> LOG_LINES.stream()
                    .filter(line -> line.getMessage().contains(intent.paymentIntentId())).count() >= 2);
            for (org.jboss.logmanager.ExtLogRecord line : LOG_LINES) {
                if (line.getMessage().contains(intent.paymentIntentId())) {
                    assertEquals(intent.paymentIntentId(), line.getMdc("intentId"), "intentId of: " + line.getMessage());
                    assertEquals(PAYMENT_TRACE, line.getMdc("traceId"), "traceId of: " + line.getMessage());
                }
            }
        }
    }

    private List<SpanData> attemptsOf(String intentId) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> intentId.equals(span.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("payment_intent.id"))))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .toList();
    }
}
