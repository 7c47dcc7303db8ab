package com.promptpay.gateway.intent.repository;

import static com.promptpay.gateway.intent.repository.Rows.timestamp;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Provider event ids already applied: the guard that makes redelivery harmless. */
@ApplicationScoped
public class AppliedEventRepository {

    /** True when this transaction is the first to apply the event; false for a redelivery. */
    public Uni<Boolean> claim(SqlClient transaction, String providerEventId, String intentId, String type, Instant at) {
        return transaction.preparedQuery("INSERT INTO applied_provider_event (provider_event_id, intent_id, type, outcome, "
                + "applied_at) VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (provider_event_id) DO NOTHING")
                .execute(Tuple.of(providerEventId, intentId, type, timestamp(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> recordOutcome(SqlClient transaction, String providerEventId, String outcome) {
        return transaction.preparedQuery("UPDATE applied_provider_event SET outcome = $2 WHERE provider_event_id = $1")
                .execute(Tuple.of(providerEventId, outcome)).replaceWithVoid();
    }
}
