package com.promptpay.gateway.intent.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.MerchantUpdated;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.TransitionOutcome;
import com.promptpay.gateway.intent.repository.OutboxRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Writes the events that announce a change into the outbox, in the transaction of the change. */
@ApplicationScoped
public class IntentEvents {

    private final OutboxRepository outbox;
    private final ObjectMapper json;
    private final PaymentTraces traces;

    public IntentEvents(OutboxRepository outbox, ObjectMapper json, PaymentTraces traces) {
        this.outbox = outbox;
        this.json = json;
        this.traces = traces;
    }

    /** Published under {@code traceParent}: the intent's own trace (see {@link PaymentTraces}). */
    public Uni<Void> intentChanged(SqlClient transaction, String type, PaymentIntent intent, Instant at,
            String traceParent) {
        PaymentIntentEvent data = new PaymentIntentEvent(intent.id(), intent.merchantId(), intent.status().wireName(),
                intent.amount(), intent.currency(), intent.description(), intent.metadata(), intent.late(),
                intent.createdAt(), intent.updatedAt());
        return append(transaction, Topics.PAYMENT_INTENTS, intent.id(), type, data, at, traceParent);
    }

    /** The type a transition announces, or null when it announces nothing. */
    public static String typeOf(TransitionOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED, SUCCEEDED_LATE -> EventTypes.PAYMENT_INTENT_SUCCEEDED;
            case CANCELED -> EventTypes.PAYMENT_INTENT_CANCELED;
            case EXPIRED -> EventTypes.PAYMENT_INTENT_EXPIRED;
            case ATTEMPT_FAILED, NO_CHANGE, REJECTED_MISMATCH -> null;
        };
    }

    /** The merchant's whole current configuration: the topic is compacted, the latest record is all there is. */
    public Uni<Void> merchantChanged(SqlClient transaction, Merchant merchant, List<String> liveKeyHashes, Instant at) {
        MerchantUpdated data = new MerchantUpdated(merchant.id(), merchant.name(), merchant.webhookUrl(),
                merchant.webhookFormat().wireName(),
                merchant.webhookSecretSealed() == null ? List.of() : List.of(merchant.webhookSecretSealed()),
                merchant.appSecretSealed(), liveKeyHashes, at);
        return append(transaction, Topics.MERCHANTS, merchant.id(), EventTypes.MERCHANT_UPDATED, data, at,
                traces.current());
    }

    /** The reconciler's finding, sent down the same path a Stripe webhook takes. */
    public Uni<Void> providerPaymentFound(SqlClient client, String type, ProviderPaymentEvent data, Instant at) {
        return append(client, Topics.PAYMENT_PROVIDER_EVENTS, data.intentId(), type, data, at, traces.current());
    }

    private Uni<Void> append(SqlClient transaction, String topic, String key, String type, Object data, Instant at,
            String traceParent) {
        String id = PrefixedIds.next("evt");
        try {
            String payload = json.writeValueAsString(new EventEnvelope<>(id, type, at, key, data));
            return outbox.append(transaction, id, topic, key, type, payload, at, traceParent);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
