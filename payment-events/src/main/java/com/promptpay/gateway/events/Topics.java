package com.promptpay.gateway.events;

import java.util.List;

/** Kafka topic names. Keys are always the aggregate id, so one aggregate's events stay ordered. */
public final class Topics {

    /** {@code payment_intent.*} events, written by intent-service through its outbox. */
    public static final String PAYMENT_INTENTS = "payment-intents";

    /** {@code payment.*} events from Stripe webhooks and the reconciler, consumed by intent-service. */
    public static final String PAYMENT_PROVIDER_EVENTS = "payment-provider-events";

    /** Compacted: the latest webhook configuration of each merchant, for the dispatcher. */
    public static final String MERCHANTS = "merchants";

    /** Every topic; deploy/local/kafka/topics.conf and the Kubernetes KafkaTopics must list the same. */
    public static final List<String> ALL = List.of(PAYMENT_INTENTS, PAYMENT_PROVIDER_EVENTS, MERCHANTS);

    private Topics() {
    }
}
