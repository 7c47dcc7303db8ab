package com.promptpay.gateway.checkout.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface CheckoutConfig {

    /** The public entry's URL (the seed's BASE_URL); the CSRF cookie is {@code Secure} when it is https. */
    String baseUrl();

    /** Bearer token for intent-service's internal endpoints. */
    String serviceToken();

    Checkout checkout();

    interface Checkout {

        /** HMAC key of the cancel form's CSRF token; by default derived from the service token (same on every pod). */
        Optional<String> csrfSecret();

        /** How often a browser without JavaScript reloads an open page. */
        @WithDefault("5")
        int noscriptRefreshSeconds();

        /** How often the script polls when Server-Sent Events fail. */
        @WithDefault("3000")
        int pollMillis();

        /** Comment lines on idle event streams, so proxies keep them open. */
        @WithDefault("PT15S")
        Duration keepAlive();

        /** How the expiry time is shown. */
        @WithDefault("Asia/Bangkok")
        ZoneId timeZone();

        /** QR codes rendered once per payload and kept (they never change for an intent). */
        @WithDefault("2000")
        int qrCacheSize();

        /**
         * When the QR payload is itself an http(s) URL (the Stripe emulator's test page, locally), show it as a
         * link as well, so a newcomer on a laptop can pay without a phone. Real PromptPay payloads are EMVCo text.
         */
        @WithDefault("true")
        boolean testPaymentLink();
    }
}
