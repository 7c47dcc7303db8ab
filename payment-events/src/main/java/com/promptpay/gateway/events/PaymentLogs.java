package com.promptpay.gateway.events;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Log lines about one payment carry its intent id and the current trace id as MDC fields ({@code intentId},
 * {@code traceId}), which the JSON log format writes as fields, so an operator finds every line of a payment
 * across the four services by either id. Never pass secrets, keys, emails or signatures as arguments.
 */
public final class PaymentLogs {

    public static final String INTENT_ID = "intentId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private PaymentLogs() {
    }

    public static void info(Logger log, String intentId, String format, Object... args) {
        write(log, Logger.Level.INFO, intentId, format, args);
    }

    public static void warn(Logger log, String intentId, String format, Object... args) {
        write(log, Logger.Level.WARN, intentId, format, args);
    }

    public static void error(Logger log, String intentId, String format, Object... args) {
        write(log, Logger.Level.ERROR, intentId, format, args);
    }

    /** For work whose span is at hand but not current (a delivery attempt ends on another callback). */
    public static void in(SpanContext span, Logger log, Logger.Level level, String intentId, String format,
            Object... args) {
        write(log, level, intentId, span, format, args);
    }

    private static void write(Logger log, Logger.Level level, String intentId, String format, Object... args) {
        write(log, level, intentId, Span.current().getSpanContext(), format, args);
    }

    private static void write(Logger log, Logger.Level level, String intentId, SpanContext span, String format,
            Object... args) {
        if (!log.isEnabled(level)) {
            return;
        }
        Object previousIntent = MDC.get(INTENT_ID);
        Object previousTrace = MDC.get(TRACE_ID);
        Object previousSpan = MDC.get(SPAN_ID);
        try {
            MDC.put(INTENT_ID, intentId == null ? "" : intentId);
            if (span.isValid()) {
                MDC.put(TRACE_ID, span.getTraceId());
                MDC.put(SPAN_ID, span.getSpanId());
            }
            log.logf(level, format, args);
        } finally {
            restore(INTENT_ID, previousIntent);
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
        }
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
