package com.promptpay.gateway.dispatcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The delivery rules on their own: schedule, jitter, Retry-After, classification, disabling. */
class DeliveryRulesTest {

    private static final List<Duration> PRODUCTION = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
            Duration.ofHours(20), Duration.ofHours(24));
    private static final RetrySchedule SCHEDULE = new RetrySchedule(PRODUCTION, 0.2, Duration.ofHours(6));
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void theDefaultScheduleIsTenAttemptsOverAboutThreeDays() {
        Duration total = PRODUCTION.stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(10, SCHEDULE.maxAttempts());
        assertTrue(total.compareTo(Duration.ofDays(3)) > 0 && total.compareTo(Duration.ofDays(4)) < 0, total.toString());
    }

    @Test
    void jitterSpreadsEachWaitByAtMostTheConfiguredFraction() {
        assertEquals(Optional.of(Duration.ofMinutes(4)), SCHEDULE.delayBefore(2, Optional.empty(), () -> 0.0));
        assertEquals(Optional.of(Duration.ofMinutes(5)), SCHEDULE.delayBefore(2, Optional.empty(), () -> 0.5));
        assertEquals(Duration.ofMinutes(6).toMillis(),
                SCHEDULE.delayBefore(2, Optional.empty(), () -> 0.999999).orElseThrow().toMillis(), 1);
        assertEquals(Optional.of(Duration.ZERO), SCHEDULE.delayBefore(0, Optional.empty(), () -> 0.9));
        assertEquals(Optional.empty(), SCHEDULE.delayBefore(10, Optional.empty(), () -> 0.5));
    }

    @Test
    void retryAfterLengthensAWaitWithinItsBoundButNeverShortensIt() {
        assertEquals(Optional.of(Duration.ofMinutes(10)), SCHEDULE.delayBefore(1, Optional.of(Duration.ofMinutes(10)), () -> 0.5));
        assertEquals(Optional.of(Duration.ofHours(6)), SCHEDULE.delayBefore(1, Optional.of(Duration.ofDays(30)), () -> 0.5));
        assertEquals(Optional.of(Duration.ofMinutes(5)), SCHEDULE.delayBefore(2, Optional.of(Duration.ofSeconds(1)), () -> 0.5));
    }

    @Test
    void attemptsAreClassifiedByStatus() {
        assertEquals(AttemptOutcome.SUCCEEDED, classify(200, null).outcome());
        assertEquals(AttemptOutcome.SUCCEEDED, classify(204, null).outcome());
        assertEquals(AttemptOutcome.HTTP_ERROR, classify(301, null).outcome());
        assertEquals(AttemptOutcome.HTTP_ERROR, classify(304, null).outcome());
        assertEquals(AttemptOutcome.HTTP_ERROR, classify(400, null).outcome());
        assertEquals(AttemptOutcome.HTTP_ERROR, classify(500, null).outcome());
        assertEquals(AttemptOutcome.GONE, classify(410, null).outcome());
        assertEquals(AttemptOutcome.THROTTLED, classify(429, null).outcome());
        assertEquals(Optional.of(Duration.ofSeconds(120)), classify(503, "120").retryAfter());
        String inTenMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atZone(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ofSeconds(600)), classify(429, inTenMinutes).retryAfter());
        assertEquals(Optional.empty(), classify(429, "soon").retryAfter());
        assertEquals(Optional.empty(), classify(429, "-5").retryAfter());
    }

    @Test
    void afterAnAttemptTheDeliverySucceedsRetriesIsExhaustedOrTheEndpointIsGone() {
        Delivery first = delivery(0);
        assertThat(first.afterAttempt(classify(200, null), SCHEDULE, NOW, () -> 0.5), instanceOf(Delivery.Succeeded.class));
        assertThat(first.afterAttempt(classify(410, null), SCHEDULE, NOW, () -> 0.5), instanceOf(Delivery.EndpointGone.class));
        assertEquals(new Delivery.RetryAt(NOW.plusSeconds(5)), first.afterAttempt(classify(500, null), SCHEDULE, NOW, () -> 0.5));
        assertEquals(new Delivery.RetryAt(NOW.plusSeconds(5)),
                first.afterAttempt(AttemptResult.timeout(NOW, 15000, "192.0.2.1", 15000), SCHEDULE, NOW, () -> 0.5));
        assertEquals(new Delivery.RetryAt(NOW.plusSeconds(5)),
                first.afterAttempt(AttemptResult.blocked(NOW, "private"), SCHEDULE, NOW, () -> 0.5));
        Delivery last = delivery(9);
        assertThat(last.afterAttempt(classify(500, null), SCHEDULE, NOW, () -> 0.5), instanceOf(Delivery.Exhausted.class));
        assertThat(last.afterAttempt(classify(200, null), SCHEDULE, NOW, () -> 0.5), instanceOf(Delivery.Succeeded.class));
    }

    @Test
    void anEndpointIsDisabledAfterFailingWithoutASuccessForTheLimit() {
        Duration fiveDays = Duration.ofDays(5);
        assertFalse(Delivery.failingTooLong(null, NOW, fiveDays));
        assertFalse(Delivery.failingTooLong(NOW.minus(Duration.ofDays(4)), NOW, fiveDays));
        assertTrue(Delivery.failingTooLong(NOW.minus(fiveDays), NOW, fiveDays));
    }

    @Test
    void aNewConfigurationReenablesAnEndpointOnlyWhenSomethingChanged() {
        Endpoint gone = endpoint(false, DisabledReason.GONE);
        assertFalse(gone.enabledAfter("https://shop.example/hook", WebhookFormat.STANDARD));
        assertTrue(gone.enabledAfter("https://shop.example/new-hook", WebhookFormat.STANDARD));
        assertTrue(gone.enabledAfter("https://shop.example/hook", WebhookFormat.DROMON));
        assertTrue(endpoint(false, DisabledReason.UNCONFIGURED).enabledAfter("https://shop.example/hook", WebhookFormat.STANDARD));
        assertFalse(endpoint(true, null).enabledAfter(null, WebhookFormat.STANDARD));
        assertTrue(endpoint(true, null).enabledAfter("https://shop.example/hook", WebhookFormat.STANDARD));
    }

    @Test
    void dromonEndpointsAreSubscribedToSucceededOnly() {
        List<String> standard = List.of("payment_intent.succeeded", "payment_intent.canceled", "payment_intent.expired");
        assertEquals(standard, WebhookFormat.STANDARD.subscribedTypes(standard));
        assertEquals(List.of("payment_intent.succeeded"), WebhookFormat.DROMON.subscribedTypes(standard));
        assertEquals(WebhookFormat.STANDARD, WebhookFormat.fromWire(null));
        assertEquals(WebhookFormat.DROMON, WebhookFormat.fromWire("dromon"));
    }

    private static AttemptResult classify(int status, String retryAfter) {
        return AttemptResult.fromResponse(status, retryAfter, null, NOW, 0, "192.0.2.1");
    }

    private static Delivery delivery(int step) {
        return new Delivery("dlv_x", "evt_x", "payment_intent.succeeded", "mch_x", "pi_x", NOW, step, step, "lease", "{}", null,
                null,
                new Delivery.Target("ep_x", "https://shop.example/hook", WebhookFormat.STANDARD, List.of(), null, true));
    }

    private static Endpoint endpoint(boolean enabled, DisabledReason reason) {
        return new Endpoint("ep_x", "mch_x", "https://shop.example/hook", WebhookFormat.STANDARD, List.of(), null,
                List.of("payment_intent.succeeded"), enabled, reason, enabled ? null : NOW, null, NOW, NOW);
    }
}
