package com.promptpay.gateway.dispatcher.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.MerchantUpdated;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;

/** Produces input events to the real topics the way intent-service's outbox relay does. */
public final class TestKafka {

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static KafkaProducer<String, String> producer;

    private TestKafka() {
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value, String eventId, String type) {
        send(topic, key, value, eventId, type, java.util.Map.of());
    }

    public static void send(String topic, String key, String value, String eventId, String type,
            java.util.Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        if (eventId != null) {
            record.headers().add(EventEnvelope.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventEnvelope.EVENT_TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** A payment_intent.* event; returns its envelope id. */
    public static String intentEvent(String type, PaymentIntentEvent data) {
        return intentEvent(PrefixedIds.next("evt"), type, data);
    }

    public static String intentEvent(String eventId, String type, PaymentIntentEvent data) {
        EventEnvelope<PaymentIntentEvent> envelope = new EventEnvelope<>(eventId, type, Instant.now(),
                data.paymentIntentId(), data);
        send(Topics.PAYMENT_INTENTS, data.paymentIntentId(), write(envelope), eventId, type);
        return eventId;
    }

    /** A payment_intent.* event carrying the payment's trace, as intent-service's outbox relay sends it. */
    public static String intentEventInTrace(String type, PaymentIntentEvent data, String traceParent) {
        String eventId = PrefixedIds.next("evt");
        EventEnvelope<PaymentIntentEvent> envelope = new EventEnvelope<>(eventId, type, Instant.now(),
                data.paymentIntentId(), data);
        send(Topics.PAYMENT_INTENTS, data.paymentIntentId(), write(envelope), eventId, type,
                java.util.Map.of("traceparent", traceParent));
        return eventId;
    }

    public static void merchant(MerchantUpdated data) {
        String eventId = PrefixedIds.next("evt");
        EventEnvelope<MerchantUpdated> envelope = new EventEnvelope<>(eventId, EventTypes.MERCHANT_UPDATED,
                data.updatedAt(), data.merchantId(), data);
        send(Topics.MERCHANTS, data.merchantId(), write(envelope), eventId, EventTypes.MERCHANT_UPDATED);
    }

    public static void tombstone(String merchantId) {
        send(Topics.MERCHANTS, merchantId, null, null, null);
    }

    /** A payment intent of {@code merchantId} in the given status. */
    public static PaymentIntentEvent intent(String merchantId, String status, long amount, String description,
            Map<String, String> metadata) {
        Instant now = Instant.now();
        return new PaymentIntentEvent(PrefixedIds.next("pi"), merchantId, status, amount, "thb", description, metadata,
                false, now, now);
    }

    public static PaymentIntentEvent withStatus(PaymentIntentEvent intent, String status) {
        return new PaymentIntentEvent(intent.paymentIntentId(), intent.merchantId(), status, intent.amount(),
                intent.currency(), intent.description(), intent.metadata(), intent.late(), intent.createdAt(), Instant.now());
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
