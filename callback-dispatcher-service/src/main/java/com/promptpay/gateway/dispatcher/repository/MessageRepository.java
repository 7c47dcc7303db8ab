package com.promptpay.gateway.dispatcher.repository;

import static com.promptpay.gateway.dispatcher.repository.Rows.instant;
import static com.promptpay.gateway.dispatcher.repository.Rows.timestamp;
import static com.promptpay.gateway.dispatcher.repository.Rows.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One row per consumed event ({@code msg_…}, unique on the event id): the bodies rendered once, so every
 * attempt sends the same bytes. {@code orphan} marks events whose merchant was not known yet.
 */
@ApplicationScoped
public class MessageRepository {

    public record NewMessage(String id, String eventId, String eventType, String merchantId, String intentId,
            Instant occurredAt, String bodyStandard, String bodyDromon, boolean orphan, Instant receivedAt,
            String traceParent) {
    }

    public record StoredMessage(String id, String eventId, String eventType, String intentId, Instant occurredAt) {
    }

    /** Inserts what is new; returns the event ids actually inserted (a redelivered event is not among them). */
    public Uni<Set<String>> insertAll(SqlClient transaction, List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Tuple> rows = messages.stream().map(m -> tuple(m.id(), m.eventId(), m.eventType(), m.merchantId(),
                m.intentId(), timestamp(m.occurredAt()), m.bodyStandard(), m.bodyDromon(), m.orphan(),
                timestamp(m.receivedAt()), m.traceParent())).toList();
        return transaction.preparedQuery("INSERT INTO message (id, event_id, event_type, merchant_id, intent_id, occurred_at, "
                + "body_standard, body_dromon, orphan, received_at, trace_parent) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                + "ON CONFLICT (event_id) DO NOTHING RETURNING event_id")
                .executeBatch(rows)
                .map(result -> {
                    Set<String> inserted = new HashSet<>();
                    for (RowSet<Row> set = result; set != null; set = set.next()) {
                        for (Row row : set) {
                            inserted.add(row.getString("event_id"));
                        }
                    }
                    return inserted;
                });
    }

    /** Events that arrived before their merchant, locked until they are adopted. */
    public Uni<List<StoredMessage>> lockOrphans(SqlClient transaction, String merchantId) {
        return transaction.preparedQuery("SELECT id, event_id, event_type, intent_id, occurred_at FROM message "
                + "WHERE merchant_id = $1 AND orphan ORDER BY received_at FOR UPDATE")
                .execute(Tuple.of(merchantId))
                .map(rows -> {
                    List<StoredMessage> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(new StoredMessage(row.getString("id"), row.getString("event_id"),
                                row.getString("event_type"), row.getString("intent_id"), instant(row, "occurred_at")));
                    }
                    return found;
                });
    }

    public Uni<Void> clearOrphans(SqlClient transaction, String merchantId) {
        return transaction.preparedQuery("UPDATE message SET orphan = false WHERE merchant_id = $1 AND orphan")
                .execute(Tuple.of(merchantId)).replaceWithVoid();
    }

    /** Merchants that are known by now but still have orphaned events (a race with their configuration). */
    public Uni<List<String>> knownMerchantsWithOrphans(SqlClient client) {
        return client.query("SELECT DISTINCT m.merchant_id FROM message m JOIN merchant k ON k.merchant_id = m.merchant_id "
                + "WHERE m.orphan LIMIT 100")
                .execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("merchant_id")));
                    return ids;
                });
    }
}
