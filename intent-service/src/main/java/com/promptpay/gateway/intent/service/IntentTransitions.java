package com.promptpay.gateway.intent.service;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.promptpay.gateway.events.PaymentLogs;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.ProviderPaymentEvent;
import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.PaymentIntent.Transition;
import com.promptpay.gateway.intent.PaymentIntentStatus;
import com.promptpay.gateway.intent.TransitionOutcome;
import com.promptpay.gateway.intent.client.ProviderFailure;
import com.promptpay.gateway.intent.client.ProviderIntent;
import com.promptpay.gateway.intent.client.StripePayments;
import com.promptpay.gateway.intent.messaging.OutboxRelay;
import com.promptpay.gateway.intent.repository.AppliedEventRepository;
import com.promptpay.gateway.intent.repository.PaymentIntentRepository;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Every change of an intent's state: provider events (once per event id), cancel, expiry. Each runs
 * in one transaction that locks the intent row, applies the aggregate's rule and writes the event.
 */
@ApplicationScoped
public class IntentTransitions {

    private static final Logger LOG = Logger.getLogger(IntentTransitions.class);

    private final Pool pool;
    private final PaymentIntentRepository intents;
    private final AppliedEventRepository applied;
    private final IntentEvents events;
    private final StripePayments stripe;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;
    private final PaymentTraces traces;

    public IntentTransitions(Pool pool, PaymentIntentRepository intents, AppliedEventRepository applied,
            IntentEvents events, StripePayments stripe, OutboxRelay relay, MeterRegistry metrics, PaymentTraces traces) {
        this.traces = traces;
        this.pool = pool;
        this.intents = intents;
        this.applied = applied;
        this.events = events;
        this.stripe = stripe;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** Applies a provider event once; a redelivery answers {@link TransitionOutcome#NO_CHANGE}. */
    public Uni<TransitionOutcome> applyProviderEvent(String type, ProviderPaymentEvent event) {
        Instant now = Now.instant();
        return pool.withTransaction(transaction -> applied
                        .claim(transaction, event.providerEventId(), event.intentId(), type, now)
                        .flatMap(first -> first ? applyFirst(transaction, type, event, now)
                                : Uni.createFrom().item(TransitionOutcome.NO_CHANGE)))
                .invoke(outcome -> {
                    PaymentLogs.info(LOG, event.intentId(), "provider event %s (%s) for %s applied: %s",
                            event.providerEventId(), type, event.intentId(), outcome.name().toLowerCase());
                    metrics.counter("gateway.intents.provider.events", "type", type, "outcome", outcome.name().toLowerCase())
                            .increment();
                    relay.wakeUp();
                });
    }

    private Uni<TransitionOutcome> applyFirst(SqlClient transaction, String type, ProviderPaymentEvent event, Instant now) {
        return intents.lock(transaction, event.intentId()).flatMap(found -> {
            if (found.isEmpty()) {
                PaymentLogs.warn(LOG, event.intentId(), "provider event %s names unknown intent %s", event.providerEventId(), event.intentId());
                return applied.recordOutcome(transaction, event.providerEventId(), "unknown_intent")
                        .replaceWith(TransitionOutcome.NO_CHANGE);
            }
            PaymentIntent intent = found.get();
            Transition transition = intent.stripePaymentIntentId().equals(event.providerPaymentId())
                    ? intent.onProviderPayment(type, event.amount(), event.currency(), now)
                    : new Transition(intent, TransitionOutcome.REJECTED_MISMATCH);
            if (transition.outcome() == TransitionOutcome.REJECTED_MISMATCH) {
                PaymentLogs.error(LOG, intent.id(), "provider event %s for intent %s does not match it (Stripe id %s, amount %d %s): not applied",
                        event.providerEventId(), intent.id(), event.providerPaymentId(), event.amount(), event.currency());
            }
            return persist(transaction, transition, now)
                    .call(() -> applied.recordOutcome(transaction, event.providerEventId(),
                            transition.outcome().name().toLowerCase()))
                    .replaceWith(transition.outcome());
        });
    }

    /**
     * Cancels at Stripe first, then here. If Stripe says the money already arrived, that success is
     * applied instead and the cancel is refused: a paid intent is never shown as canceled.
     */
    public Uni<PaymentIntent> cancel(PaymentIntent intent) {
        return switch (intent.status()) {
            case CANCELED -> Uni.createFrom().item(intent);
            case SUCCEEDED, EXPIRED -> Uni.createFrom().failure(alreadyFinal(intent));
            case REQUIRES_ACTION -> stripe.cancel(intent.stripePaymentIntentId())
                    .flatMap(provider -> provider.succeeded()
                            ? successFoundAtStripe(intent, provider).flatMap(ignored -> reloadAndRefuse(intent.id()))
                            : transition(intent.id(), current -> current.cancel(Now.instant()))
                                    .flatMap(after -> after.status() == PaymentIntentStatus.CANCELED
                                            ? Uni.createFrom().item(after)
                                            : Uni.createFrom().failure(alreadyFinal(after))));
        };
    }

    /** Past its deadline: canceled at Stripe, then expired here (or paid, if Stripe says so). */
    public Uni<TransitionOutcome> expire(String intentId) {
        return intents.find(pool, intentId).flatMap(found -> {
            if (found.isEmpty() || found.get().status().isTerminal()) {
                return Uni.createFrom().item(TransitionOutcome.NO_CHANGE);
            }
            PaymentIntent intent = found.get();
            return cancelAtStripe(intent).flatMap(provider -> provider.isPresent() && provider.get().succeeded()
                    ? successFoundAtStripe(intent, provider.get())
                    : transition(intentId, current -> current.expire(Now.instant()))
                            .map(after -> after.status() == PaymentIntentStatus.EXPIRED
                                    ? TransitionOutcome.EXPIRED : TransitionOutcome.NO_CHANGE));
        });
    }

    /**
     * What Stripe has after the cancel; empty when Stripe has no such payment (another account, a reset test mode):
     * nothing there can be paid, so it expires here instead of failing every sweep and holding back the rest.
     */
    private Uni<Optional<ProviderIntent>> cancelAtStripe(PaymentIntent intent) {
        return stripe.cancel(intent.stripePaymentIntentId()).map(Optional::of)
                .onFailure(failure -> failure instanceof ProviderFailure.Rejected rejected && rejected.resourceMissing())
                .recoverWithItem(Optional.empty());
    }

    /** A success Stripe reports but no webhook brought (yet): applied once, whichever comes first. */
    public Uni<TransitionOutcome> successFoundAtStripe(PaymentIntent intent, ProviderIntent provider) {
        return applyProviderEvent(EventTypes.PAYMENT_SUCCEEDED, foundAtStripe(intent, provider));
    }

    /** The provider event the reconciler publishes for a success it found. */
    public static ProviderPaymentEvent foundAtStripe(PaymentIntent intent, ProviderIntent provider) {
        long received = provider.amountReceived() == null ? provider.amount() : provider.amountReceived();
        return new ProviderPaymentEvent("stripe", "stripe_state:" + provider.id() + ":succeeded", provider.id(),
                intent.id(), intent.merchantId(), received, provider.currency(), Now.instant(), null, null);
    }

    private Uni<PaymentIntent> transition(String intentId, java.util.function.Function<PaymentIntent, Transition> rule) {
        Instant now = Now.instant();
        return pool.withTransaction(transaction -> intents.lock(transaction, intentId).flatMap(found -> {
            Transition transition = rule.apply(found.orElseThrow(() -> ProblemException.notFound("Payment intent " + intentId)));
            return persist(transaction, transition, now).replaceWith(transition.intent());
        })).invoke(after -> {
            PaymentLogs.info(LOG, intentId, "payment intent %s is %s", intentId, after.status().wireName());
            relay.wakeUp();
        });
    }

    private Uni<Void> persist(SqlClient transaction, Transition transition, Instant now) {
        if (!transition.changed()) {
            return Uni.createFrom().voidItem();
        }
        String type = IntentEvents.typeOf(transition.outcome());
        return intents.updateState(transaction, transition.intent())
                .flatMap(creation -> events.intentChanged(transaction, type, transition.intent(), now,
                        traces.stateChange(creation, type, transition.intent().id())))
                .invoke(() -> metrics.counter("gateway.intents.transitions", "merchant", transition.intent().merchantId(),
                        "outcome", transition.outcome().name().toLowerCase()).increment());
    }

    private Uni<PaymentIntent> reloadAndRefuse(String intentId) {
        return intents.find(pool, intentId).flatMap(found -> Uni.createFrom().failure(alreadyFinal(found.orElseThrow())));
    }

    private static ProblemException alreadyFinal(PaymentIntent intent) {
        return ProblemException.conflict("Payment intent " + intent.id() + " is already " + intent.status().wireName()
                + " and can no longer be canceled.");
    }
}
