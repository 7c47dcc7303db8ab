package com.promptpay.gateway.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.promptpay.gateway.events.PaymentLogs;
import com.promptpay.gateway.ingest.Interpretation;
import com.promptpay.gateway.ingest.WebhookOutcome;
import com.promptpay.gateway.ingest.messaging.PublishFailedException;

import io.smallrye.mutiny.Uni;

/** A Stripe delivery from raw bytes to its outcome: verify, interpret, publish once. */
@ApplicationScoped
public class WebhookIngestService {

    private static final Logger LOG = Logger.getLogger(WebhookIngestService.class);

    private final StripeEventVerifier verifier;
    private final InboxService inbox;
    private final WebhookMetrics metrics;

    public WebhookIngestService(StripeEventVerifier verifier, InboxService inbox, WebhookMetrics metrics) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.metrics = metrics;
    }

    public record Receipt(String eventId, WebhookOutcome outcome) {
    }

    /**
     * @return the outcome; fails with {@link WebhookRejectedException} (400), {@link PublishFailedException}
     *         or a storage failure (both 503)
     */
    public Uni<Receipt> receive(byte[] body, String signatureHeader) {
        metrics.received();
        Interpretation meaning;
        try {
            meaning = verifier.verify(body, signatureHeader);
        } catch (WebhookRejectedException rejected) {
            metrics.rejected(rejected.reason());
            LOG.debugf("Refused a Stripe delivery: %s", rejected.reason().code());
            return Uni.createFrom().failure(rejected);
        }
        metrics.verified();
        if (meaning instanceof Interpretation.Ignore ignore) {
            metrics.ignored(ignore);
            LOG.debugf("Ignored a %s event (%s)", ignore.stripeType(), ignore.reason().code());
            return Uni.createFrom().item(new Receipt(ignore.stripeEventId(), WebhookOutcome.IGNORED));
        }
        Interpretation.Publish publish = (Interpretation.Publish) meaning;
        String eventId = publish.event().stripeEventId();
        return inbox.publishOnce(publish.event())
                .invoke(outcome -> {
                    switch (outcome) {
                        case PUBLISHED -> {
                            metrics.published(publish.event().type().publishedType());
                            PaymentLogs.info(LOG, publish.event().intentId(), "Stripe event %s (%s) for %s published",
                                    eventId, publish.event().type().publishedType(), publish.event().intentId());
                        }
                        case DUPLICATE -> {
                            metrics.duplicate();
                            PaymentLogs.info(LOG, publish.event().intentId(), "Stripe event %s for %s is a duplicate",
                                    eventId, publish.event().intentId());
                        }
                        case IGNORED -> throw new IllegalStateException("the inbox never ignores");
                    }
                })
                .onFailure().invoke(failure -> {
                    metrics.unavailable(failure instanceof PublishFailedException ? WebhookMetrics.UnavailableCause.KAFKA
                            : WebhookMetrics.UnavailableCause.STORAGE);
                    PaymentLogs.warn(LOG, publish.event().intentId(),
                            "Stripe event %s not recorded, answering 503 so that Stripe retries: %s", eventId,
                            failure.toString());
                })
                .map(outcome -> new Receipt(eventId, outcome));
    }
}
