package com.promptpay.gateway.ingest.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Stripe-Signature is checked. */
@ConfigMapping(prefix = "gateway.stripe")
public interface StripeWebhookConfig {

    /**
     * Signing secrets ({@code whsec_…}), comma-separated in {@code STRIPE_WEBHOOK_SECRET}. During a
     * rotation both the old and the new one verify; remove the old one when Stripe stops using it.
     */
    List<String> webhookSecrets();

    /**
     * How far a signature's timestamp may lie in the past (stripe-java checks this) and in the future
     * (checked here: stripe-java does not). Stripe's own libraries use 300 s.
     */
    @WithDefault("300s")
    Duration signatureTolerance();
}
