package com.promptpay.gateway.dispatcher.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;

/**
 * Renders the bodies merchants receive, once per event, so that every attempt sends the same bytes.
 * <ul>
 * <li>Standard Webhooks: {@code {"id":"evt_…","type":"payment_intent.succeeded","created":"…","data":{"paymentIntentId",
 * "status","amount","currency","description","metadata"}}}</li>
 * <li>Dromon (succeeded only): {@code {"uid","text","sum"}} — {@code uid} is metadata {@code uid}, else {@code orderId},
 * else the intent id; {@code text} the description; {@code sum} the amount in satang.</li>
 * </ul>
 */
@ApplicationScoped
public class WebhookPayloads {

    /** The type of the event {@code POST /webhook-endpoints/test} sends. */
    public static final String TEST_EVENT_TYPE = "webhook.test";

    private final ObjectMapper json;

    public WebhookPayloads(ObjectMapper json) {
        this.json = json;
    }

    public String standard(String eventId, String type, Instant occurredAt, PaymentIntentEvent intent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentIntentId", intent.paymentIntentId());
        data.put("status", intent.status());
        data.put("amount", intent.amount());
        data.put("currency", intent.currency());
        data.put("description", intent.description());
        data.put("metadata", intent.metadata() == null ? Map.of() : new LinkedHashMap<>(intent.metadata()));
        return envelope(eventId, type, occurredAt, data);
    }

    /** Null for every type but succeeded: the legacy format only ever announced payments. */
    public String dromon(String type, PaymentIntentEvent intent) {
        if (!EventTypes.PAYMENT_INTENT_SUCCEEDED.equals(type)) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uid", dromonUid(intent));
        body.put("text", intent.description() == null ? "" : intent.description());
        body.put("sum", intent.amount());
        return write(body);
    }

    public String standardTest(String eventId, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", "A test webhook from the PromptPay gateway.");
        return envelope(eventId, TEST_EVENT_TYPE, at, data);
    }

    public String dromonTest(String eventId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uid", eventId);
        body.put("text", "A test webhook from the PromptPay gateway.");
        body.put("sum", 0);
        return write(body);
    }

    static String dromonUid(PaymentIntentEvent intent) {
        Map<String, String> metadata = intent.metadata() == null ? Map.of() : intent.metadata();
        for (String key : new String[] { "uid", "orderId" }) {
            String value = metadata.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return intent.paymentIntentId();
    }

    private String envelope(String eventId, String type, Instant occurredAt, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", type);
        body.put("created", occurredAt.toString());
        body.put("data", data);
        return write(body);
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body not serialisable", e);
        }
    }
}
