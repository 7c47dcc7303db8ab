package com.promptpay.gateway.intent.service;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * One trace per payment: the events an intent causes long after its creation (success, cancel, expiry)
 * continue the trace of {@code POST /payments/intents}, so a merchant's webhook delivery sits in the same
 * trace as the request that created the intent. The trace context is kept as a W3C {@code traceparent}
 * string beside the intent and each outbox row, because the work that continues it runs later, elsewhere.
 */
@ApplicationScoped
public class PaymentTraces {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    public PaymentTraces(OpenTelemetry telemetry, Tracer tracer) {
        this.telemetry = telemetry;
        this.tracer = tracer;
    }

    /** The current span as a {@code traceparent}, or null outside any trace. */
    public String current() {
        return traceParentOf(Context.current());
    }

    public Context contextOf(String traceParent) {
        if (traceParent == null) {
            return Context.root();
        }
        return telemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), Map.of(TRACEPARENT, traceParent), FROM_MAP);
    }

    /**
     * A short span for a state change of an intent, child of the intent's creation and linked to whatever
     * caused it now (a Stripe webhook's trace, a sweep); answers its {@code traceparent} for the outbox.
     */
    public String stateChange(String creationTraceParent, String name, String intentId) {
        SpanContext cause = Span.current().getSpanContext();
        Context parent = creationTraceParent == null ? Context.current() : contextOf(creationTraceParent);
        var builder = tracer.spanBuilder(name).setParent(parent).setAttribute("payment_intent.id", intentId);
        if (cause.isValid() && !cause.getTraceId().equals(Span.fromContext(parent).getSpanContext().getTraceId())) {
            builder.addLink(cause);
        }
        Span span = builder.startSpan();
        try {
            return traceParentOf(parent.with(span));
        } finally {
            span.end();
        }
    }

    /**
     * Runs {@code work} (a log line, typically) inside a span of its own, for background work on a payment
     * (sweeps) that no request or record started: its lines then carry a trace id like every other.
     */
    public void inSpan(String name, String intentId, Runnable work) {
        Span span = tracer.spanBuilder(name).setAttribute("payment_intent.id", intentId).startSpan();
        try (var ignored = span.makeCurrent()) {
            work.run();
        } finally {
            span.end();
        }
    }

    private String traceParentOf(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        telemetry.getPropagators().getTextMapPropagator().inject(context, headers, Map::put);
        return headers.get(TRACEPARENT);
    }
}
