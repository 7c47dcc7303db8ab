package com.promptpay.gateway.intent.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The public entry's URL (the seed's BASE_URL); {@code paymentUrl} is built from it. */
    String baseUrl();

    /** Bearer token of the admin API. */
    String adminToken();

    /** Bearer token the checkout page presents on the internal endpoints. */
    String serviceToken();

    /** Base64 AES-256 key that seals merchant secrets. */
    String secretsKey();

    /** Requests without an API key act as this merchant: the local stack only. */
    Optional<String> defaultMerchant();

    Intents intents();

    Stripe stripe();

    Outbox outbox();

    Links links();

    interface Links {
        /** Stripe needs an email for PromptPay; a link without one uses this. */
        @WithDefault("shopper@example.com")
        String defaultEmail();
    }

    interface Outbox {
        /** How often the relay sweeps for rows a crash left unpublished (it is also woken on every commit). */
        @WithDefault("1s")
        String sweepEvery();
    }

    interface Intents {
        /** Satang. Stripe's THB minimum is 1000 (฿10); the local stack lowers it to 100 for the seed's test. */
        @WithDefault("1000")
        long minAmount();

        @WithDefault("99999999")
        long maxAmount();

        @WithDefault("PT15M")
        Duration expiresAfter();

        /** An intent still open this long after creation is checked against Stripe. */
        @WithDefault("PT2M")
        Duration reconcileAfter();

        /** How often an open intent is checked again. */
        @WithDefault("PT1M")
        Duration reconcileEvery();

        @WithDefault("5s")
        String expirySweepEvery();

        @WithDefault("10s")
        String reconcileSweepEvery();

        @WithDefault("1h")
        String idempotencySweepEvery();

        /** How long a replayable Idempotency-Key lives (Stripe: 24 h). */
        @WithDefault("PT24H")
        Duration idempotencyKeyTtl();
    }

    interface Stripe {
        String secretKey();

        String apiBase();

        @WithDefault("PT10S")
        Duration timeout();
    }
}
