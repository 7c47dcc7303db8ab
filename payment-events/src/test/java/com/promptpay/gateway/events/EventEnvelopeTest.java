package com.promptpay.gateway.events;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    @Test
    void refusesAnIdThatIsNotAnEventId() {
        assertThrows(IllegalArgumentException.class, () -> new EventEnvelope<>(
                "pi_123", EventTypes.PAYMENT_INTENT_CREATED, Instant.now(), "pi_123", null));
    }

    @Test
    void refusesAMissingAggregate() {
        assertThrows(NullPointerException.class, () -> new EventEnvelope<>(
                "evt_1", EventTypes.PAYMENT_INTENT_CREATED, Instant.now(), null, null));
    }
}
