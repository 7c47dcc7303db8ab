package com.promptpay.gateway.dispatcher.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Production delivery settings (schedule, jitter, 15 s timeout, caps), loopback allowed for the local sinks. */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.delivery.retry-schedule", "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h",
                "gateway.delivery.jitter", "0.2",
                "gateway.delivery.poll-interval", "1s",
                "gateway.delivery.maintenance-interval", "5s",
                "quarkus.log.category.\"com.promptpay\".level", "WARN");
    }
}
