package com.promptpay.gateway.stripeemulator.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An event as sent: the JSON body is fixed when the event happens, so every attempt, duplicate and
 * replay carries the same bytes (only the signature's timestamp changes, as with Stripe).
 */
public final class StripeEvent {

    private final String id;
    private final String type;
    private final long created;
    private final String paymentIntentId;
    private final String body;
    private final List<EventDelivery> deliveries = new CopyOnWriteArrayList<>();

    StripeEvent(String id, String type, long created, String paymentIntentId, String body) {
        this.id = id;
        this.type = type;
        this.created = created;
        this.paymentIntentId = paymentIntentId;
        this.body = body;
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public long created() {
        return created;
    }

    public String paymentIntentId() {
        return paymentIntentId;
    }

    public String body() {
        return body;
    }

    public List<EventDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    EventDelivery newDelivery(String url) {
        EventDelivery delivery = new EventDelivery(url);
        deliveries.add(delivery);
        return delivery;
    }
}
