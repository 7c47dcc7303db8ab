package com.promptpay.gateway.intent.config;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/** Latencies the dashboard and alerts read as percentiles need histogram buckets, not only count/sum/max. */
@Singleton
public class MetricHistograms {

    private static final Set<String> PERCENTILE_TIMERS = Set.of("gateway.intents.create", "gateway.stripe.calls");

    @Produces
    @Singleton
    MeterFilter percentileHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!PERCENTILE_TIMERS.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
            }
        };
    }
}
