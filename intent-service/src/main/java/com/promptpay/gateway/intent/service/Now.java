package com.promptpay.gateway.intent.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time at PostgreSQL's precision, so what we answer equals what we read back later. */
final class Now {

    private Now() {
    }

    static Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
