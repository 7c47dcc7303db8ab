package com.promptpay.gateway.stripeemulator.service;

import com.promptpay.gateway.stripeemulator.PaymentIntent;
import com.promptpay.gateway.stripeemulator.PaymentIntentStatus;
import com.promptpay.gateway.stripeemulator.PromptPayPaymentMethod;
import com.promptpay.gateway.stripeemulator.StripeIds;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import com.promptpay.gateway.stripeemulator.webhook.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/**
 * The PaymentIntent operations, whoever asks for them (the API, the test page, the admin surface).
 * Each state change is followed by the event Stripe would emit for it.
 */
@ApplicationScoped
public class PaymentIntentService {

    private final PaymentIntentStore store;
    private final EventPublisher events;
    private final Clock clock;

    public PaymentIntentService(PaymentIntentStore store, EventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public PaymentIntent create(CreatePaymentIntent command, RequestOrigin origin) {
        long now = now();
        String id = StripeIds.paymentIntent();
        Optional<PromptPayPaymentMethod> method = command.paymentMethodData().map(data -> newPaymentMethod(data, now));
        PaymentIntentStatus initial = method.isPresent()
                ? PaymentIntentStatus.REQUIRES_CONFIRMATION
                : PaymentIntentStatus.REQUIRES_PAYMENT_METHOD;
        if (command.confirm() && method.isEmpty()) {
            throw missingPaymentMethod();
        }
        PaymentIntent created = new PaymentIntent(id, StripeIds.clientSecret(id), command.amount(), command.currency(),
                command.description(), command.metadata(), command.receiptEmail(), initial, method.orElse(null), null,
                now, null, null, command.publicBaseUrl());
        PaymentIntent stored = command.confirm() ? created.confirm(created.paymentMethod()) : created;
        store.add(stored);
        events.publish("payment_intent.created", stored, origin);
        if (stored.status() == PaymentIntentStatus.REQUIRES_ACTION) {
            events.publish("payment_intent.requires_action", stored, origin);
        }
        return stored;
    }

    public PaymentIntent retrieve(String id) {
        return store.get(id);
    }

    /** Confirms with new payment method data, or with the one already attached. */
    public PaymentIntent confirm(String id, Optional<PaymentMethodData> data, RequestOrigin origin) {
        long now = now();
        PaymentIntent confirmed = store.transition(id, current -> {
            PromptPayPaymentMethod method = data.map(d -> newPaymentMethod(d, now)).orElse(current.paymentMethod());
            if (method == null) {
                throw missingPaymentMethod();
            }
            return current.confirm(method);
        });
        events.publish("payment_intent.requires_action", confirmed, origin);
        return confirmed;
    }

    public PaymentIntent cancel(String id, String reason, RequestOrigin origin) {
        PaymentIntent canceled = store.transition(id, current -> current.cancel(reason, now()));
        events.publish("payment_intent.canceled", canceled, origin);
        return canceled;
    }

    public PaymentIntent authorize(String id) {
        PaymentIntent succeeded = store.transition(id, PaymentIntent::authorize);
        events.publish("payment_intent.succeeded", succeeded, RequestOrigin.NONE);
        return succeeded;
    }

    public PaymentIntent fail(String id) {
        PaymentIntent failed = store.transition(id, PaymentIntent::fail);
        events.publish("payment_intent.payment_failed", failed, RequestOrigin.NONE);
        return failed;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static PromptPayPaymentMethod newPaymentMethod(PaymentMethodData data, long now) {
        return new PromptPayPaymentMethod(StripeIds.paymentMethod(), data.email(), data.name(), data.phone(), now);
    }

    private static StripeApiException missingPaymentMethod() {
        return StripeApiException.unexpectedState("You cannot confirm this PaymentIntent because it's missing a "
                + "payment method. To confirm the PaymentIntent with a PromptPay payment, provide "
                + "payment_method_data[type]=promptpay and payment_method_data[billing_details][email].");
    }
}
