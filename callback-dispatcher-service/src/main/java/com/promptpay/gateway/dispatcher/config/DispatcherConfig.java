package com.promptpay.gateway.dispatcher.config;

import java.time.Duration;
import java.util.List;

import com.promptpay.gateway.dispatcher.RetrySchedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface DispatcherConfig {

    /** Base64 AES-256 key that opens the merchant secrets carried on the merchants topic (GATEWAY_SECRETS_KEY). */
    String secretsKey();

    Delivery delivery();

    interface Delivery {

        /** Wait before each attempt, counted from the previous one: ten attempts over about three days. */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
        List<Duration> retrySchedule();

        /** Each wait is spread by ±this fraction. */
        @WithDefault("0.2")
        double jitter();

        /** A {@code Retry-After} on 429/503 lengthens the wait up to this, never beyond. */
        @WithDefault("6h")
        Duration retryAfterMax();

        /** A 2xx must arrive (headers and body) within this. */
        @WithDefault("15s")
        Duration timeout();

        /**
         * How long a claimed delivery stays invisible to other workers. Longer than the timeout: a worker that
         * dies mid-attempt gives the delivery back when its lease runs out.
         */
        @WithDefault("60s")
        Duration lease();

        /** Attempts in flight in this instance, all endpoints together. */
        @WithDefault("64")
        int maxConcurrency();

        /** Attempts in flight to one endpoint in this instance: a slow merchant cannot take every worker. */
        @WithDefault("4")
        int perEndpointConcurrency();

        /**
         * Leased deliveries that may wait in memory, per endpoint and instance, for a slot of their endpoint: a burst
         * goes out as fast as the endpoint answers, not one claim per freed slot. 0: nothing waits.
         */
        @WithDefault("8")
        int waitingPerEndpoint();

        /** How long a delivery may wait in memory for a slot before it goes back to the database (capped by the lease). */
        @WithDefault("5s")
        Duration maxWait();

        /** Most deliveries claimed in one short transaction. */
        @WithDefault("100")
        int claimBatch();

        /** How often the database is asked for due retries (new events wake the sender at once). */
        @WithDefault("1s")
        Duration pollInterval();

        /** An endpoint failing for this long without one success is disabled. */
        @WithDefault("5d")
        Duration disableAfter();

        /** Deliver to loopback addresses (127.0.0.0/8, ::1): the local stack and the tests only. */
        @WithDefault("false")
        boolean allowLoopback();

        /**
         * A last line of defence for test runs: refuse to open any connection to a non-loopback address, even
         * one the SSRF guard let through, and count it ({@code gateway.dispatcher.connections.refused}).
         */
        @WithDefault("false")
        boolean connectOnlyToLoopback();

        /** Event types a Standard Webhooks endpoint receives; Dromon endpoints receive only succeeded. */
        @WithDefault("payment_intent.succeeded,payment_intent.canceled,payment_intent.expired")
        List<String> eventTypes();

        /** How often gauges are refreshed and events that arrived before their merchant are adopted. */
        @WithDefault("5s")
        String maintenanceInterval();

        default RetrySchedule schedule() {
            return new RetrySchedule(retrySchedule(), jitter(), retryAfterMax());
        }
    }
}
