package com.promptpay.gateway.stripeemulator.service;

import com.promptpay.gateway.stripeemulator.PaymentIntent;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Intents in memory. Transitions run inside {@code compute}, so two racing transitions see each other. */
@ApplicationScoped
public class PaymentIntentStore {

    private final Map<String, PaymentIntent> intents = new ConcurrentHashMap<>();

    public void add(PaymentIntent intent) {
        intents.put(intent.id(), intent);
    }

    public PaymentIntent get(String id) {
        PaymentIntent intent = intents.get(id);
        if (intent == null) {
            throw missing(id);
        }
        return intent;
    }

    /** Applies a transition atomically; the transition's own exception (an invalid move) propagates. */
    public PaymentIntent transition(String id, UnaryOperator<PaymentIntent> transition) {
        PaymentIntent next = intents.computeIfPresent(id, (key, current) -> transition.apply(current));
        if (next == null) {
            throw missing(id);
        }
        return next;
    }

    private static StripeApiException missing(String id) {
        return StripeApiException.resourceMissing("payment_intent", id, "intent");
    }
}
