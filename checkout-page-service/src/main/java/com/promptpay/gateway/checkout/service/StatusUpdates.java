package com.promptpay.gateway.checkout.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Who on this pod waits for which intent. The broadcast consumer publishes every status change it sees;
 * only the listeners of that intent hear it. Nothing is kept for intents nobody watches.
 */
@ApplicationScoped
public class StatusUpdates {

    private final ConcurrentHashMap<String, Set<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    public StatusUpdates(MeterRegistry metrics) {
        metrics.gauge("gateway.checkout.sse.connections", count);
    }

    /** Registers {@code listener} for {@code intentId}'s new statuses; run the answer to stop listening. */
    public Runnable listen(String intentId, Consumer<String> listener) {
        listeners.computeIfAbsent(intentId, id -> new CopyOnWriteArraySet<>()).add(listener);
        count.incrementAndGet();
        return () -> {
            listeners.computeIfPresent(intentId, (id, set) -> {
                if (set.remove(listener)) {
                    count.decrementAndGet();
                }
                return set.isEmpty() ? null : set;
            });
        };
    }

    public void publish(String intentId, String status) {
        Set<Consumer<String>> watching = listeners.get(intentId);
        if (watching != null) {
            watching.forEach(listener -> listener.accept(status));
        }
    }

    public boolean isWatched(String intentId) {
        return listeners.containsKey(intentId);
    }

    public int subscribers() {
        return count.get();
    }
}
