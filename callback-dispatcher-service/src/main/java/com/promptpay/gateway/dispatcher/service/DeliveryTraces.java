package com.promptpay.gateway.dispatcher.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.promptpay.gateway.dispatcher.AttemptOutcome;
import com.promptpay.gateway.dispatcher.AttemptResult;
import com.promptpay.gateway.dispatcher.Delivery;
import com.promptpay.gateway.events.PaymentLogs;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Each attempt is a span in the payment's own trace (the one that began with {@code POST /payments/intents}),
 * restored from the traceparent stored with the message: attempts run from the database, long after and far
 * from the Kafka record that carried it. The attempt's log line carries the same trace id and the intent id.
 */
@ApplicationScoped
public class DeliveryTraces {

    private static final Logger LOG = Logger.getLogger(DeliveryTraces.class);
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

    public DeliveryTraces(OpenTelemetry telemetry, Tracer tracer) {
        this.telemetry = telemetry;
        this.tracer = tracer;
    }

    public Span start(Delivery delivery) {
        Context parent = delivery.traceParent() == null ? Context.root()
                : telemetry.getPropagators().getTextMapPropagator()
                        .extract(Context.root(), Map.of("traceparent", delivery.traceParent()), FROM_MAP);
        return tracer.spanBuilder("webhook " + delivery.eventType()).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute("payment_intent.id", String.valueOf(delivery.intentId()))
                .setAttribute("webhook.delivery.id", delivery.id())
                .setAttribute("webhook.endpoint.id", delivery.endpoint().id())
                .setAttribute("webhook.attempt", delivery.attemptCount() + 1L)
                .startSpan();
    }

    /** Ends the attempt's span and logs its outcome (never the URL's secrets, headers or body). */
    public void finish(Span span, Delivery delivery, AttemptResult result) {
        try {
            if (result.responseStatus() != null) {
                span.setAttribute("http.response.status_code", result.responseStatus().longValue());
            }
            boolean ok = result.outcome() == AttemptOutcome.SUCCEEDED;
            if (!ok) {
                span.setStatus(StatusCode.ERROR, result.outcome().wireName());
            }
            String format = "delivery %s of %s (%s) to endpoint %s, attempt %d: %s%s in %d ms";
            Object[] args = {delivery.id(), delivery.intentId(), delivery.eventType(), delivery.endpoint().id(),
                    delivery.attemptCount() + 1, result.outcome().wireName(),
                    result.responseStatus() == null ? "" : " (HTTP " + result.responseStatus() + ")", result.durationMillis()};
            PaymentLogs.in(span.getSpanContext(), LOG, ok ? Logger.Level.INFO : Logger.Level.WARN, delivery.intentId(),
                    format, args);
        } finally {
            span.end();
        }
    }
}
