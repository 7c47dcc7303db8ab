package com.promptpay.gateway.ingest;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.promptpay.gateway.events.PrefixedIds;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;

/** What a verified Stripe event means for the gateway: publish it, or acknowledge and ignore it. */
public sealed interface Interpretation {

    String INTENT_ID_METADATA = "gateway_intent_id";
    String MERCHANT_ID_METADATA = "gateway_merchant_id";

    record Publish(StripePaymentEvent event) implements Interpretation {
    }

    record Ignore(String stripeEventId, String stripeType, IgnoreReason reason) implements Interpretation {
    }

    enum IgnoreReason {
        /** Not one of payment_intent.succeeded / .payment_failed / .canceled. */
        UNHANDLED_TYPE,
        /** The data object is no PaymentIntent, lacks the amount or currency, or has an id Stripe never writes. */
        UNREADABLE_OBJECT,
        /** No {@code gateway_intent_id} metadata that is an id of ours: not created by this gateway. */
        NOT_OURS;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads a verified event. The data object is deserialized even when the event's {@code api_version} is
     * from another release line than stripe-java's (where {@code getObject()} is empty): the fields used
     * here (id, amount, currency, metadata, last_payment_error) are stable across versions.
     *
     * @throws IllegalArgumentException when the event has no id, type or data at all
     */
    static Interpretation of(Event event) {
        String stripeEventId = event.getId();
        String stripeType = event.getType();
        if (stripeEventId == null || !stripeEventId.matches("evt_[A-Za-z0-9_]{1,250}")) {
            throw new IllegalArgumentException("the event has no valid id");
        }
        if (stripeType == null || stripeType.isBlank()) {
            throw new IllegalArgumentException("the event has no type");
        }
        Optional<ProviderEventType> type = ProviderEventType.ofStripeType(stripeType);
        if (type.isEmpty()) {
            return new Ignore(stripeEventId, stripeType, IgnoreReason.UNHANDLED_TYPE);
        }
        if (event.getData() == null || event.getData().getObject() == null) {
            throw new IllegalArgumentException("the event has no data.object");
        }
        // Stripe's ids are letters, digits and underscores, at most 255 of them, as the inbox stores them.
        if (!(dataObject(event) instanceof PaymentIntent intent) || intent.getId() == null
                || !intent.getId().matches("[A-Za-z0-9_]{1,255}") || intent.getAmount() == null || intent.getCurrency() == null) {
            return new Ignore(stripeEventId, stripeType, IgnoreReason.UNREADABLE_OBJECT);
        }
        Map<String, String> metadata = intent.getMetadata() == null ? Map.of() : intent.getMetadata();
        String intentId = metadata.get(INTENT_ID_METADATA);
        // Only an id this gateway could have written is ours (a NUL, for one, cannot even be stored).
        if (intentId == null || !PrefixedIds.isValid("pi", intentId)) {
            return new Ignore(stripeEventId, stripeType, IgnoreReason.NOT_OURS);
        }
        StripeError failure = type.get().carriesFailure() ? intent.getLastPaymentError() : null;
        Instant occurredAt = event.getCreated() != null ? Instant.ofEpochSecond(event.getCreated()) : Instant.now();
        return new Publish(new StripePaymentEvent(
                stripeEventId,
                type.get(),
                intent.getId(),
                intentId,
                metadata.get(MERCHANT_ID_METADATA),
                type.get().reportedAmount(intent.getAmount(), intent.getAmountReceived()),
                intent.getCurrency().toLowerCase(Locale.ROOT),
                occurredAt,
                failure == null ? null : failure.getCode(),
                failure == null ? null : failure.getMessage()));
    }

    private static StripeObject dataObject(Event event) {
        try {
            Optional<StripeObject> sameReleaseLine = event.getDataObjectDeserializer().getObject();
            if (sameReleaseLine.isPresent()) {
                return sameReleaseLine.get();
            }
            return event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (EventDataObjectDeserializationException | RuntimeException unreadable) {
            return null;
        }
    }
}
