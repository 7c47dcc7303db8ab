package com.promptpay.gateway.stripeemulator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.stripeemulator.PaymentIntent;
import com.promptpay.gateway.stripeemulator.StripeIds;
import com.promptpay.gateway.stripeemulator.json.PaymentIntentJson;
import com.promptpay.gateway.stripeemulator.json.StripeApiVersion;
import com.promptpay.gateway.stripeemulator.service.RequestOrigin;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Turns a state change into a Stripe Event: logged always, sent to the endpoints that enable its type. */
@ApplicationScoped
public class EventPublisher {

    private final ObjectMapper mapper;
    private final PaymentIntentJson intentJson;
    private final EventLog log;
    private final WebhookEndpoints endpoints;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    public EventPublisher(ObjectMapper mapper, PaymentIntentJson intentJson, EventLog log, WebhookEndpoints endpoints,
            WebhookDispatcher dispatcher, Clock clock) {
        this.mapper = mapper;
        this.intentJson = intentJson;
        this.log = log;
        this.endpoints = endpoints;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public StripeEvent publish(String type, PaymentIntent intent, RequestOrigin origin) {
        boolean enabled = endpoints.isEnabled(type);
        int pendingWebhooks = enabled ? endpoints.urls().size() : 0;
        String id = StripeIds.event();
        long created = clock.instant().getEpochSecond();
        StripeEvent event = new StripeEvent(id, type, created, intent.id(),
                body(id, type, created, intent, origin, pendingWebhooks));
        log.add(event);
        if (enabled) {
            dispatcher.dispatch(event);
        }
        return event;
    }

    private String body(String id, String type, long created, PaymentIntent intent, RequestOrigin origin,
            int pendingWebhooks) {
        ObjectNode event = mapper.createObjectNode();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", StripeApiVersion.CURRENT);
        event.put("created", created);
        event.putObject("data").set("object", intentJson.render(intent, false));
        event.put("livemode", false);
        event.put("pending_webhooks", pendingWebhooks);
        ObjectNode request = event.putObject("request");
        request.put("id", origin.requestId());
        request.put("idempotency_key", origin.idempotencyKey());
        event.put("type", type);
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of strings and numbers always serializes", e);
        }
    }
}
