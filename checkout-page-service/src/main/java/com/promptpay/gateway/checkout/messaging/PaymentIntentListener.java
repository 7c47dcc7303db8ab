package com.promptpay.gateway.checkout.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.checkout.IntentStatus;
import com.promptpay.gateway.checkout.service.StatusUpdates;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.Topics;

/**
 * {@code payment-intents}, in broadcast mode: every pod reads every event (its own consumer group, from
 * the latest offset, nothing committed) and tells the browsers it serves. Missing an event while a pod
 * starts is harmless: a browser's stream starts with the status read from intent-service.
 */
@ApplicationScoped
public class PaymentIntentListener {

    private static final Logger LOG = Logger.getLogger(PaymentIntentListener.class);

    private final StatusUpdates updates;
    private final ObjectMapper json;

    public PaymentIntentListener(StatusUpdates updates, ObjectMapper json) {
        this.updates = updates;
        this.json = json;
    }

    @Incoming(Topics.PAYMENT_INTENTS)
    public void onEvent(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception malformed) {
            LOG.warnf("skipping a %s record that is not JSON", Topics.PAYMENT_INTENTS);
            return;
        }
        if (event == null || !event.isObject()) {
            return;
        }
        String intentId = event.path("aggregateId").asText(null);
        if (!PrefixedIds.isValid("pi", intentId)) {
            return;
        }
        statusOf(event.path("type").asText(""), event.path("data").path("status").asText(null))
                .ifPresent(status -> updates.publish(intentId, status));
    }

    /** The status the intent now has: the event's own {@code data.status}, else what its type implies. */
    static java.util.Optional<String> statusOf(String type, String dataStatus) {
        if (dataStatus != null && IntentStatus.fromWireName(dataStatus).isPresent()) {
            return java.util.Optional.of(dataStatus);
        }
        return java.util.Optional.ofNullable(switch (type) {
            case EventTypes.PAYMENT_INTENT_SUCCEEDED -> IntentStatus.SUCCEEDED.wireName();
            case EventTypes.PAYMENT_INTENT_CANCELED -> IntentStatus.CANCELED.wireName();
            case EventTypes.PAYMENT_INTENT_EXPIRED -> IntentStatus.EXPIRED.wireName();
            case EventTypes.PAYMENT_INTENT_CREATED -> IntentStatus.REQUIRES_ACTION.wireName();
            default -> null;
        });
    }
}
