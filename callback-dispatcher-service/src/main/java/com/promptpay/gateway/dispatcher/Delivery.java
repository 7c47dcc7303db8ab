package com.promptpay.gateway.dispatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One event on its way to one endpoint, as a worker holds it under a lease: what to send, where, and where
 * in the retry schedule it stands. What happens after an attempt is decided here, in one place.
 *
 * @param scheduleStep index in the retry schedule of the attempt being made (0 = the first, immediate one)
 * @param leaseToken   proves this worker still owns the delivery when it records the outcome
 * @param traceParent  the trace of the payment this event belongs to (W3C traceparent), or null
 */
public record Delivery(
        String id,
        String eventId,
        String eventType,
        String merchantId,
        String intentId,
        Instant eventOccurredAt,
        int attemptCount,
        int scheduleStep,
        String leaseToken,
        String bodyStandard,
        String bodyDromon,
        String traceParent,
        Target endpoint) {

    /** The endpoint as it was configured when the attempt was claimed. */
    public record Target(String id, String url, WebhookFormat format, List<String> secretsSealed,
            String appSecretSealed, boolean enabled) {
    }

    /** What becomes of the delivery after an attempt. */
    public sealed interface Next {
    }

    public record Succeeded() implements Next {
    }

    public record RetryAt(Instant at) implements Next {
    }

    /** Every attempt of the schedule failed. */
    public record Exhausted() implements Next {
    }

    /** The endpoint answered 410: this delivery fails and the endpoint is disabled. */
    public record EndpointGone() implements Next {
    }

    public Next afterAttempt(AttemptResult result, RetrySchedule schedule, Instant now, DoubleSupplier random) {
        return switch (result.outcome()) {
            case SUCCEEDED -> new Succeeded();
            case GONE -> new EndpointGone();
            case HTTP_ERROR, THROTTLED, TIMEOUT, NETWORK_ERROR, BLOCKED, MISCONFIGURED -> schedule
                    .delayBefore(scheduleStep + 1, result.retryAfter(), random)
                    .<Next>map(wait -> new RetryAt(now.plus(wait)))
                    .orElseGet(Exhausted::new);
        };
    }

    /** The body this endpoint's format sends, or null when the event has no such form (Dromon knows only "paid"). */
    public String body() {
        return switch (endpoint.format()) {
            case STANDARD -> bodyStandard;
            case DROMON -> bodyDromon;
        };
    }

    /** An endpoint that has failed without a single success since {@code failingSince} for {@code limit} is disabled. */
    public static boolean failingTooLong(Instant failingSince, Instant now, Duration limit) {
        return failingSince != null && !failingSince.plus(limit).isAfter(now);
    }
}
