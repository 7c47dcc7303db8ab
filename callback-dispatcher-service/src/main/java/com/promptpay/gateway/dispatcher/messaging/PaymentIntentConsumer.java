package com.promptpay.gateway.dispatcher.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.dispatcher.config.DispatcherConfig;
import com.promptpay.gateway.dispatcher.service.DispatcherMetrics;
import com.promptpay.gateway.dispatcher.service.IntakeService;
import com.promptpay.gateway.dispatcher.service.IntakeService.IncomingEvent;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.PaymentIntentEvent;

import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code payment-intents} in batches. The batch's messages and deliveries are committed in one
 * transaction before the batch is acknowledged, so the Kafka offset never runs ahead of the database; a
 * redelivered batch (rebalance, crash) finds its event ids already recorded and changes nothing.
 */
@ApplicationScoped
public class PaymentIntentConsumer {

    public static final String CHANNEL = "payment-intents";

    private static final Logger LOG = Logger.getLogger(PaymentIntentConsumer.class);
    private static final TypeReference<EventEnvelope<PaymentIntentEvent>> ENVELOPE = new TypeReference<>() {
    };

    private final IntakeService intake;
    private final ObjectMapper json;
    private final DispatcherMetrics metrics;
    private final Set<String> deliveredTypes;

    public PaymentIntentConsumer(IntakeService intake, ObjectMapper json, DispatcherMetrics metrics, DispatcherConfig config) {
        this.intake = intake;
        this.json = json;
        this.metrics = metrics;
        this.deliveredTypes = Set.copyOf(config.delivery().eventTypes());
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<IncomingEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            IncomingEvent event = read(record.value(), traceParentOf(record));
            if (event != null && deliveredTypes.contains(event.type())) {
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return intake.record(events)
                .onFailure().invoke(e -> LOG.warnf("recording %d event(s) failed, retrying: %s", events.size(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30)
                .replaceWithVoid();
    }

    /** The payment's trace, which intent-service's outbox relay put on the record; its deliveries continue it. */
    private static String traceParentOf(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private IncomingEvent read(String payload, String traceParent) {
        if (payload == null) {
            return null;
        }
        try {
            EventEnvelope<PaymentIntentEvent> envelope = json.readValue(payload, ENVELOPE);
            PaymentIntentEvent data = envelope.data();
            if (data == null || data.paymentIntentId() == null || data.merchantId() == null) {
                throw new IllegalArgumentException("no intent id or merchant id");
            }
            return new IncomingEvent(envelope.id(), envelope.type(), envelope.occurredAt(), data, traceParent);
        } catch (Exception unreadable) {
            // A record we can never read must not stop the partition behind it.
            LOG.errorf("skipping unreadable payment-intents record: %s", unreadable.getMessage());
            metrics.unreadableEvent();
            return null;
        }
    }
}
