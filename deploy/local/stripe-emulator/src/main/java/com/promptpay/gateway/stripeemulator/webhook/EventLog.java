package com.promptpay.gateway.stripeemulator.webhook;

import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import com.promptpay.gateway.stripeemulator.service.BoundedIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Every event in the order it happened, like Stripe's {@code /v1/events}, bounded by the retention. */
@ApplicationScoped
public class EventLog {

    private final BoundedIndex<String, StripeEvent> events;

    public EventLog(EmulatorConfig config) {
        this.events = new BoundedIndex<>(config.retention());
    }

    void add(StripeEvent event) {
        events.putIfAbsent(event.id(), event);
    }

    public StripeEvent get(String id) {
        return events.get(id).orElseThrow(() -> StripeApiException.resourceMissing("event", id, "id"));
    }

    public List<StripeEvent> all() {
        return List.copyOf(events.valuesInInsertionOrder());
    }
}
