package com.promptpay.gateway.stripeemulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the emulator reads from the environment; see application.properties for the variable names. */
@ConfigMapping(prefix = "emulator")
public interface EmulatorConfig {

    /** The one secret key accepted as {@code Authorization: Bearer …} on {@code /v1}. */
    String apiKey();

    /** The smallest amount in satang; the gateway and the emulator share this bound. */
    @WithDefault("1000")
    long minAmount();

    /** Stripe's largest THB amount (฿999,999.99). */
    @WithDefault("99999999")
    long maxAmount();

    /**
     * Base of the test-page and QR links. Empty: the base URL the API client used, which is what a
     * test with a random port needs.
     */
    Optional<String> publicUrl();

    Webhook webhook();

    /** How many events and idempotency results to keep before forgetting the oldest. */
    @WithDefault("20000")
    int retention();

    interface Webhook {

        /** The {@code whsec_…} the receiving side verifies {@code Stripe-Signature} with. */
        String secret();

        /** Endpoint URLs; every enabled event goes to each of them. */
        List<String> urls();

        /** Event types the endpoints receive, like an endpoint's {@code enabled_events}; {@code *} for all. */
        @WithDefault("payment_intent.succeeded,payment_intent.payment_failed,payment_intent.canceled")
        List<String> enabledEvents();

        /** Waits before the 2nd, 3rd, … attempt after a non-2xx answer; Stripe's own is days long. */
        @WithDefault("1s,5s,30s,2m")
        List<Duration> retrySchedule();

        @WithDefault("10s")
        Duration timeout();
    }
}
