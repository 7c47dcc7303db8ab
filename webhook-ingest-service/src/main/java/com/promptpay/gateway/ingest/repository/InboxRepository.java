package com.promptpay.gateway.ingest.repository;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.ingest.InboxEntry;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class InboxRepository implements PanacheRepositoryBase<InboxEntry, String> {

    /**
     * Inserts the row unless one with this Stripe event id exists; must run inside a transaction.
     *
     * <p>True: this transaction inserted it and holds it until commit or rollback; a concurrent insert of
     * the same id waits on it (PostgreSQL's speculative insertion), then finds it (after a commit) or
     * inserts itself (after a rollback). False: the event is already recorded, committed.
     */
    public Uni<Boolean> claim(InboxEntry entry) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO stripe_event_inbox (stripe_event_id, stripe_event_type, stripe_payment_intent_id,
                        intent_id, published_event_id, published_event_type, occurred_at)
                VALUES (:stripeEventId, :stripeEventType, :stripePaymentIntentId,
                        :intentId, :publishedEventId, :publishedEventType, :occurredAt)
                ON CONFLICT (stripe_event_id) DO NOTHING
                """)
                .setParameter("stripeEventId", entry.stripeEventId())
                .setParameter("stripeEventType", entry.stripeEventType())
                .setParameter("stripePaymentIntentId", entry.stripePaymentIntentId())
                .setParameter("intentId", entry.intentId())
                .setParameter("publishedEventId", entry.publishedEventId())
                .setParameter("publishedEventType", entry.publishedEventType())
                .setParameter("occurredAt", entry.occurredAt())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
