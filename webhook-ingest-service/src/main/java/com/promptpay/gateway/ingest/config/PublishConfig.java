package com.promptpay.gateway.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a webhook waits for Kafka's acknowledgement before answering 503. */
@ConfigMapping(prefix = "gateway.ingest.publish")
public interface PublishConfig {

    /**
     * Upper bound on the wait for the acks=all acknowledgement. Keep it above the producer's own
     * {@code delivery.timeout.ms} (application.properties) so that a 503 almost always means the producer
     * gave the record up, and well below Stripe's 30 s request timeout.
     */
    @WithDefault("10s")
    Duration timeout();
}
