package com.promptpay.gateway.intent.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.promptpay.gateway.events.PaymentLogs;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.client.ProviderIntent;
import com.promptpay.gateway.intent.client.StripePayments;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.messaging.OutboxRelay;
import com.promptpay.gateway.intent.repository.IdempotencyRepository;
import com.promptpay.gateway.intent.repository.PaymentIntentRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Time-driven work on open intents: expiry past the deadline, and reconciliation with Stripe, so a
 * Stripe webhook that never arrives never loses a payment. Safe on several instances at once: every
 * change goes through the locked, once-per-event transitions.
 */
@ApplicationScoped
public class IntentSweeper {

    private static final Logger LOG = Logger.getLogger(IntentSweeper.class);
    private static final int BATCH = 50;

    private final Pool pool;
    private final PaymentIntentRepository intents;
    private final IntentTransitions transitions;
    private final IntentEvents events;
    private final StripePayments stripe;
    private final OutboxRelay relay;
    private final IdempotencyRepository idempotency;
    private final GatewayConfig config;
    private final PaymentTraces traces;

    public IntentSweeper(Pool pool, PaymentIntentRepository intents, IntentTransitions transitions, IntentEvents events,
            StripePayments stripe, OutboxRelay relay, IdempotencyRepository idempotency, GatewayConfig config,
            PaymentTraces traces) {
        this.traces = traces;
        this.pool = pool;
        this.intents = intents;
        this.transitions = transitions;
        this.events = events;
        this.stripe = stripe;
        this.relay = relay;
        this.idempotency = idempotency;
        this.config = config;
    }

    @Scheduled(every = "${gateway.intents.expiry-sweep-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireOverdue() {
        return intents.expiredIds(pool, Instant.now(), BATCH).flatMap(ids -> eachOf(ids, id -> transitions.expire(id)
                .onFailure().invoke(failure -> traces.inSpan("intent expiry", id, () -> PaymentLogs.warn(LOG, id, "expiring %s failed, retried next sweep: %s", id,
                        failure.getMessage())))
                .onFailure().recoverWithNull()
                .replaceWithVoid()));
    }

    @Scheduled(every = "${gateway.intents.reconcile-sweep-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reconcileOpen() {
        Instant now = Instant.now();
        return intents.idsToReconcile(pool, now.minus(config.intents().reconcileAfter()),
                now.minus(config.intents().reconcileEvery()), BATCH)
                .flatMap(ids -> eachOf(ids, id -> reconcile(id)
                        .onFailure().invoke(failure -> traces.inSpan("intent reconciliation", id, () -> PaymentLogs.warn(LOG, id,
                                "reconciling %s failed, retried later: %s", id, failure.getMessage())))
                        .onFailure().recoverWithNull()));
    }

    /** Idempotency-Keys past their TTL replay nothing any more; without this the table only grows. */
    @Scheduled(every = "${gateway.intents.idempotency-sweep-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetExpiredIdempotencyKeys() {
        return idempotency.deleteOlderThan(pool, Instant.now().minus(config.intents().idempotencyKeyTtl()))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("forgot %d idempotency keys older than %s", deleted, config.intents().idempotencyKeyTtl());
                    }
                }).replaceWithVoid();
    }

    /** Asks Stripe about one open intent; what it finds travels the webhook's path (payment-provider-events). */
    public Uni<Void> reconcile(String intentId) {
        return intents.find(pool, intentId).flatMap(found -> {
            if (found.isEmpty() || found.get().status().isTerminal()) {
                return Uni.createFrom().voidItem();
            }
            PaymentIntent intent = found.get();
            return intents.markReconciled(pool, intent.id(), Instant.now())
                    .chain(() -> stripe.retrieve(intent.stripePaymentIntentId()))
                    .flatMap(provider -> pool.withTransaction(transaction -> {
                Uni<Void> finding = Uni.createFrom().voidItem();
                if (provider.succeeded()) {
                    traces.inSpan("intent reconciliation", intent.id(), () -> PaymentLogs.info(LOG, intent.id(),
                            "reconciler: %s succeeded at Stripe without a webhook; applying it", intent.id()));
                    finding = events.providerPaymentFound(transaction, EventTypes.PAYMENT_SUCCEEDED,
                            IntentTransitions.foundAtStripe(intent, provider), Instant.now());
                } else if (provider.canceled()) {
                    finding = events.providerPaymentFound(transaction, EventTypes.PAYMENT_CANCELED,
                            canceledAtStripe(intent, provider), Instant.now());
                }
                return finding;
            })).invoke(relay::wakeUp);
        });
    }

    private static ProviderPaymentEvent canceledAtStripe(PaymentIntent intent, ProviderIntent provider) {
        return new ProviderPaymentEvent("stripe", "stripe_state:" + provider.id() + ":canceled", provider.id(), intent.id(),
                intent.merchantId(), provider.amount(), provider.currency(), Instant.now(), null, null);
    }

    private static Uni<Void> eachOf(List<String> ids, java.util.function.Function<String, Uni<Void>> work) {
        // One at a time: a sweep must not open a burst of Stripe calls.
        return Multi.createFrom().iterable(ids).onItem().<Void>transformToUniAndConcatenate(work::apply)
                .collect().asList().replaceWithVoid();
    }
}
