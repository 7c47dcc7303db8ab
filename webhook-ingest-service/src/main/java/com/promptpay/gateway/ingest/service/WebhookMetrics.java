package com.promptpay.gateway.ingest.service;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.ingest.Interpretation;
import com.promptpay.gateway.ingest.Interpretation.IgnoreReason;
import com.promptpay.gateway.ingest.ProviderEventType;
import com.promptpay.gateway.ingest.RejectionReason;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The service's counters, in Prometheus as {@code gateway_webhooks_*_total} and
 * {@code gateway_webhooks_publish_latency_seconds}. Every delivery that reaches the resource is
 * {@code received}, then exactly one of {@code verified} or {@code rejected}. Created at startup, so that every
 * series with a closed label set is exposed at zero before the first delivery and a rate over it is defined.
 */
@Startup
@ApplicationScoped
public class WebhookMetrics {

    /** Why a verified event was answered 503: the metric's {@code cause} tag. */
    public enum UnavailableCause {
        /** Kafka did not acknowledge the publish. */
        KAFKA,
        /** The inbox (PostgreSQL) could not record the event. */
        STORAGE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String PREFIX = "gateway.webhooks.";

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter verified;
    private final Counter duplicates;
    private final Timer acknowledged;
    private final Timer unacknowledged;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder(PREFIX + "received").description("Stripe webhook deliveries received")
                .register(registry);
        this.verified = Counter.builder(PREFIX + "verified")
                .description("Deliveries whose Stripe-Signature verified and whose body is a Stripe event")
                .register(registry);
        this.duplicates = Counter.builder(PREFIX + "duplicates")
                .description("Deliveries of an event that was already published; answered 2xx, not published again")
                .register(registry);
        this.acknowledged = publishTimer("acknowledged");
        this.unacknowledged = publishTimer("failed");
        for (RejectionReason reason : RejectionReason.values()) {
            rejectedCounter(reason);
        }
        for (UnavailableCause cause : UnavailableCause.values()) {
            unavailableCounter(cause);
        }
        for (IgnoreReason reason : IgnoreReason.values()) {
            boolean onlyHandledTypes = switch (reason) {
                case UNREADABLE_OBJECT, NOT_OURS -> true;
                case UNHANDLED_TYPE -> false; // any other type Stripe sends: counted from its first delivery
            };
            if (onlyHandledTypes) {
                for (ProviderEventType type : ProviderEventType.values()) {
                    ignoredCounter(type.stripeType(), reason);
                }
            }
        }
    }

    public void received() {
        received.increment();
    }

    public void verified() {
        verified.increment();
    }

    public void rejected(RejectionReason reason) {
        rejectedCounter(reason).increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void published(String publishedType) {
        Counter.builder(PREFIX + "published").description("payment.* events acknowledged by Kafka (acks=all)")
                .tag("type", publishedType).register(registry).increment();
    }

    public void ignored(Interpretation.Ignore ignore) {
        ignoredCounter(tagValue(ignore.stripeType()), ignore.reason()).increment();
    }

    /** A verified event that could not be published or recorded: answered 503 so Stripe retries. */
    public void unavailable(UnavailableCause cause) {
        unavailableCounter(cause).increment();
    }

    public void publishLatency(Duration elapsed, boolean wasAcknowledged) {
        (wasAcknowledged ? acknowledged : unacknowledged).record(elapsed);
    }

    private Counter rejectedCounter(RejectionReason reason) {
        return Counter.builder(PREFIX + "rejected").description("Deliveries refused with 400, by reason")
                .tag("reason", reason.code()).register(registry);
    }

    private Counter ignoredCounter(String stripeType, IgnoreReason reason) {
        return Counter.builder(PREFIX + "ignored").description("Verified events acknowledged without publishing")
                .tag("type", stripeType).tag("reason", reason.code()).register(registry);
    }

    private Counter unavailableCounter(UnavailableCause cause) {
        return Counter.builder(PREFIX + "unavailable").description("Deliveries answered 503 so that Stripe retries")
                .tag("cause", cause.code()).register(registry);
    }

    private Timer publishTimer(String outcome) {
        return Timer.builder(PREFIX + "publish.latency")
                .description("From the send to Kafka's acks=all acknowledgement (or its failure)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** Event types come from verified bodies only, but keep the tag set bounded and printable anyway. */
    private static String tagValue(String stripeType) {
        return stripeType.length() <= 64 && stripeType.matches("[a-z0-9_.]+") ? stripeType : "other";
    }
}
