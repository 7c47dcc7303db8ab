package com.promptpay.gateway.ingest.repository;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.ingest.InboxEntry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The inbox in plain SQL on the reactive client: one statement, so no ORM is loaded for it. */
@ApplicationScoped
public class InboxRepository {

    /**
     * Inserts the row unless one with this Stripe event id exists; must run inside a transaction.
     *
     * <p>True: this transaction inserted it and holds it until commit or rollback; a concurrent insert of
     * the same id waits on it (PostgreSQL's speculative insertion), then finds it (after a commit) or
     * inserts itself (after a rollback). False: the event is already recorded, committed.
     */
    public Uni<Boolean> claim(SqlClient transaction, InboxEntry entry) {
        return transaction.preparedQuery("""
                INSERT INTO stripe_event_inbox (stripe_event_id, stripe_event_type, stripe_payment_intent_id,
                        intent_id, published_event_id, published_event_type, occurred_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (stripe_event_id) DO NOTHING
                """)
                .execute(Tuple.from(new Object[] {entry.stripeEventId(), entry.stripeEventType(),
                        entry.stripePaymentIntentId(), entry.intentId(), entry.publishedEventId(),
                        entry.publishedEventType(), entry.occurredAt().atOffset(ZoneOffset.UTC)}))
                .map(result -> result.rowCount() == 1);
    }
}
