package com.promptpay.gateway.intent.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.intent.service.IntentTransitions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@code payment.*} events. The offset is committed only after the transaction that applied the
 * event; a redelivery (rebalance, crash) finds the event id already applied and changes nothing.
 */
@ApplicationScoped
public class ProviderEventConsumer {

    private static final Logger LOG = Logger.getLogger(ProviderEventConsumer.class);
    private static final TypeReference<EventEnvelope<ProviderPaymentEvent>> ENVELOPE = new TypeReference<>() {
    };

    private final IntentTransitions transitions;
    private final ObjectMapper json;
    private final Counter unreadableEvents;

    public ProviderEventConsumer(IntentTransitions transitions, ObjectMapper json, MeterRegistry metrics) {
        this.transitions = transitions;
        this.json = json;
        // Registered now rather than on first use: present at zero, so its alert can fire on the first skip.
        this.unreadableEvents = Counter.builder("gateway.intents.provider.events.unreadable")
                .description("payment.* records that could not be read and were skipped").register(metrics);
    }

    @Incoming("provider-events")
    public Uni<Void> consume(String payload) {
        EventEnvelope<ProviderPaymentEvent> envelope;
        try {
            envelope = json.readValue(payload, ENVELOPE);
        } catch (Exception unreadable) {
            // A record we can never read must not stop the partition behind it.
            LOG.errorf("skipping unreadable provider event: %s", unreadable.getMessage());
            unreadableEvents.increment();
            return Uni.createFrom().voidItem();
        }
        if (envelope.data() == null || envelope.data().providerEventId() == null || envelope.data().intentId() == null) {
            LOG.errorf("skipping provider event %s without provider event id or intent id", envelope.id());
            unreadableEvents.increment();
            return Uni.createFrom().voidItem();
        }
        return transitions.applyProviderEvent(envelope.type(), envelope.data())
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5)
                .replaceWithVoid();
    }
}
