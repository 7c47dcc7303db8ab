package com.promptpay.gateway.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.ingest.config.PublishConfig;
import com.promptpay.gateway.ingest.service.WebhookMetrics;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends {@code payment.*} envelopes to payment-provider-events (producer: acks=all, idempotent; see
 * application.properties) and completes only when Kafka acknowledged the record, or fails after the
 * configured timeout. Nothing here blocks: the result comes back on the caller's Vert.x context, where
 * the open inbox transaction lives.
 */
@ApplicationScoped
public class ProviderEventPublisher {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final WebhookMetrics metrics;

    public ProviderEventPublisher(@Channel(Topics.PAYMENT_PROVIDER_EVENTS) MutinyEmitter<String> emitter,
            ObjectMapper mapper, PublishConfig config, WebhookMetrics metrics) {
        this.emitter = emitter;
        this.mapper = mapper;
        this.timeout = config.timeout();
        this.metrics = metrics;
    }

    /** Key = the intent id (one intent's events stay ordered); the event id and type also travel as headers. */
    public Uni<Void> publish(EventEnvelope<ProviderPaymentEvent> envelope) {
        Message<String> message = Message.of(json(envelope)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(envelope.aggregateId())
                .withHeaders(new RecordHeaders()
                        .add(EventEnvelope.EVENT_ID_HEADER, envelope.id().getBytes(StandardCharsets.UTF_8))
                        .add(EventEnvelope.EVENT_TYPE_HEADER, envelope.type().getBytes(StandardCharsets.UTF_8)))
                .build());
        Executor backToCaller = callerContext();
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return emitter.sendMessage(message)
                    .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no acknowledgement within " + timeout))
                    .onItemOrFailure().invoke((ignored, failure) ->
                            metrics.publishLatency(Duration.ofNanos(System.nanoTime() - start), failure == null));
        })
                .onFailure().transform(failure -> new PublishFailedException(
                        "Kafka did not acknowledge " + envelope.id() + ": " + failure, failure))
                .emitOn(backToCaller);
    }

    private String json(EventEnvelope<ProviderPaymentEvent> envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an envelope of plain records always serializes", e);
        }
    }

    /** The ack arrives on a Kafka thread and the timeout on a timer thread; hop back to the request's context. */
    private static Executor backToCallerContext(Context context) {
        return task -> context.runOnContext(ignored -> task.run());
    }

    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : backToCallerContext(context);
    }
}
