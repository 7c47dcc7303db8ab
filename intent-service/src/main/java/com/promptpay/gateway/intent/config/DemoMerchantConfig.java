package com.promptpay.gateway.intent.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The local stack's demo merchant, seeded at start-up from the settings {@code ./gateway up} generated.
 * Production never sets these.
 */
@ConfigMapping(prefix = "gateway.demo-merchant")
public interface DemoMerchantConfig {

    Optional<String> id();

    Optional<String> apiKey();

    Optional<String> webhookSecret();

    Optional<String> redirectSecret();

    Optional<String> linkSecret();

    Optional<String> webhookUrl();

    Optional<List<String>> allowedOrigins();
}
