package com.promptpay.gateway.dispatcher.messaging;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.dispatcher.service.DispatcherMetrics;
import com.promptpay.gateway.dispatcher.service.MerchantConfigService;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.MerchantUpdated;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Consumes the compacted {@code merchants} topic: the latest webhook configuration and API key hashes of every
 * merchant, applied when newer than what is stored; a tombstone (null value) removes the merchant.
 */
@ApplicationScoped
public class MerchantConsumer {

    public static final String CHANNEL = "merchants";

    private static final Logger LOG = Logger.getLogger(MerchantConsumer.class);
    private static final TypeReference<EventEnvelope<MerchantUpdated>> ENVELOPE = new TypeReference<>() {
    };

    private final MerchantConfigService merchantConfig;
    private final ObjectMapper json;
    private final DispatcherMetrics metrics;

    public MerchantConsumer(MerchantConfigService merchantConfig, ObjectMapper json, DispatcherMetrics metrics) {
        this.merchantConfig = merchantConfig;
        this.json = json;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return apply(message)
                .onFailure().invoke(e -> LOG.warnf("applying a merchant record failed, retrying: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30)
                .onItemOrFailure().transformToUni((ok, failure) -> {
                    CompletionStage<Void> settled = failure == null ? message.ack() : message.nack(failure);
                    return Uni.createFrom().completionStage(settled);
                });
    }

    private Uni<Void> apply(Message<String> message) {
        String payload = message.getPayload();
        if (payload == null) {
            String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(metadata -> metadata.getKey() == null ? null : metadata.getKey().toString()).orElse(null);
            if (key == null) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("merchant %s removed (tombstone)", key);
            return merchantConfig.remove(key);
        }
        MerchantUpdated update;
        try {
            EventEnvelope<MerchantUpdated> envelope = json.readValue(payload, ENVELOPE);
            if (!EventTypes.MERCHANT_UPDATED.equals(envelope.type())) {
                return Uni.createFrom().voidItem();
            }
            update = envelope.data();
            if (update == null || update.merchantId() == null || update.updatedAt() == null) {
                throw new IllegalArgumentException("no merchant id or updatedAt");
            }
        } catch (Exception unreadable) {
            LOG.errorf("skipping unreadable merchants record: %s", unreadable.getMessage());
            metrics.unreadableEvent();
            return Uni.createFrom().voidItem();
        }
        return merchantConfig.apply(update).invoke(applied -> {
            if (!applied) {
                LOG.debugf("merchant %s: update of %s is not newer than the stored one, ignored", update.merchantId(),
                        update.updatedAt());
            }
        }).replaceWithVoid();
    }
}
