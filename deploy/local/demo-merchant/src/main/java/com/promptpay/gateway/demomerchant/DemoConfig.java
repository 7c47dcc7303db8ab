package com.promptpay.gateway.demomerchant;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "demo")
public interface DemoConfig {

    /** The gateway's public entry: {@code POST /payments/intents}, {@code GET /payments/{id}}. */
    String gatewayUrl();

    /** {@code DEMO_MERCHANT_API_KEY}; without it no Authorization header is sent. */
    Optional<String> apiKey();

    /** {@code DEMO_MERCHANT_REDIRECT_SECRET}: checks the {@code signature} of the success and cancel redirects. */
    Optional<String> redirectSecret();

    /** {@code DEMO_MERCHANT_WEBHOOK_SECRET} ({@code whsec_…}): checks Standard Webhooks signatures. */
    Optional<String> webhookSecret();

    /** This shop's URL as the shopper's browser sees it; callbackUrl and cancelUrl are built from it. */
    String publicUrl();

    /** What the "Pay ฿100" button charges, in satang. */
    @WithDefault("10000")
    long amount();

    /** How many received webhooks are kept in memory. */
    @WithDefault("100")
    int keepWebhooks();
}
