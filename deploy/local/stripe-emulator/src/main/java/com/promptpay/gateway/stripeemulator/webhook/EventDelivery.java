package com.promptpay.gateway.stripeemulator.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Getting one event to one endpoint URL, over as many attempts as the retry schedule allows. An event
 * has several when it is sent twice on purpose (duplicate mode) or replayed.
 */
public final class EventDelivery {

    public enum State { PENDING, DELIVERED, FAILED }

    private final String url;
    private final List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
    private volatile State state = State.PENDING;

    EventDelivery(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    public List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    public State state() {
        return state;
    }

    int nextAttemptNumber() {
        return attempts.size() + 1;
    }

    void record(DeliveryAttempt attempt) {
        attempts.add(attempt);
        if (attempt.succeeded()) {
            state = State.DELIVERED;
        }
    }

    void giveUp() {
        state = State.FAILED;
    }
}
