package com.promptpay.gateway.dispatcher.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.AttemptOutcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What operators watch: deliveries by final outcome, attempts by outcome and by what started them (the claim, or
 * the intake that wrote the delivery), latency from the event to its first successful delivery, the backlog of
 * pending deliveries and the endpoints the dispatcher disabled.
 */
@ApplicationScoped
public class DispatcherMetrics {

    /** An attempt the claim started (a retry, or a delivery written while no slot was free). */
    public static final String VIA_CLAIM = "claim";
    /** A first attempt the intake started right after writing the delivery leased. */
    public static final String VIA_INTAKE = "intake";

    private final MeterRegistry registry;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter unreadable;
    private final Timer latency;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong disabledEndpoints = new AtomicLong();

    public DispatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.succeeded = deliveries("succeeded");
        this.failed = deliveries("failed");
        this.unreadable = Counter.builder("gateway.dispatcher.events.unreadable")
                .description("Kafka records that could not be read and were skipped").register(registry);
        this.latency = Timer.builder("gateway.dispatcher.delivery.latency")
                .description("From the event's occurredAt to the first 2xx of its delivery")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("gateway.dispatcher.backlog", backlog, AtomicLong::get)
                .description("Pending deliveries (due or waiting for a retry)").register(registry);
        Gauge.builder("gateway.dispatcher.endpoints.disabled", disabledEndpoints, AtomicLong::get)
                .description("Endpoints disabled by the dispatcher (410 Gone, or failing for too long)").register(registry);
        registry.counter("gateway.dispatcher.attempts.started", "via", VIA_CLAIM);
        registry.counter("gateway.dispatcher.attempts.started", "via", VIA_INTAKE);
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            attempts(outcome); // present at zero, so an alert on failed attempts can fire on the first one
        }
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("gateway.dispatcher.deliveries").tag("outcome", outcome)
                .description("Deliveries that reached a final outcome").register(registry);
    }

    private Counter attempts(AttemptOutcome outcome) {
        return registry.counter("gateway.dispatcher.attempts", "outcome", outcome.wireName());
    }

    public void attempt(AttemptOutcome outcome) {
        attempts(outcome).increment();
    }

    public void attemptStarted(String via) {
        registry.counter("gateway.dispatcher.attempts.started", "via", via).increment();
    }

    public void delivered(Duration sinceEvent) {
        succeeded.increment();
        latency.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    public void failed(int deliveries) {
        if (deliveries > 0) {
            failed.increment(deliveries);
        }
    }

    public void unreadableEvent() {
        unreadable.increment();
    }

    public void backlog(long pending) {
        backlog.set(pending);
    }

    public void disabledEndpoints(long count) {
        disabledEndpoints.set(count);
    }

    public void inFlight(Supplier<Number> inFlight) {
        Gauge.builder("gateway.dispatcher.in.flight", inFlight).description("Attempts in flight in this instance")
                .register(registry);
    }

    public void waiting(Supplier<Number> waiting) {
        Gauge.builder("gateway.dispatcher.waiting", waiting)
                .description("Leased deliveries waiting in memory in this instance for a slot of their endpoint")
                .register(registry);
    }
}
