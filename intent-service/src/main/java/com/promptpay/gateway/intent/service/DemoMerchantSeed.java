package com.promptpay.gateway.intent.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.config.DemoMerchantConfig;
import com.promptpay.gateway.intent.rest.MerchantSettings;

import io.quarkus.runtime.StartupEvent;

/** Creates the local demo merchant once, with the id, key and secrets in .gateway/local.env. */
@ApplicationScoped
public class DemoMerchantSeed {

    private static final Logger LOG = Logger.getLogger(DemoMerchantSeed.class);

    void onStart(@Observes StartupEvent start, DemoMerchantConfig demo, MerchantService merchants) {
        if (demo.id().isEmpty() || demo.apiKey().isEmpty()) {
            return;
        }
        String id = demo.id().get();
        // Start-up, not a request: waiting here keeps the service unready until the merchant exists.
        boolean exists = merchants.findOptional(id).await().atMost(Duration.ofSeconds(30)).isPresent();
        if (exists) {
            return;
        }
        // Payment links without their own URLs send the shopper back to the demo shop's pages.
        MerchantSettings settings = new MerchantSettings("Demo Shop", demo.allowedOrigins().orElse(java.util.List.of()),
                "http://localhost:3001/payment/success", "http://localhost:3001/payment/cancel",
                demo.webhookUrl().orElse(null), Merchant.WebhookFormat.STANDARD);
        merchants.create(id, settings, demo.apiKey().get(), demo.webhookSecret().orElseThrow(),
                "unused-demo-app-secret", demo.redirectSecret().orElseThrow(), demo.linkSecret().orElseThrow())
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("created demo merchant %s", id);
    }
}
