package com.promptpay.gateway.intent.repository;

import static com.promptpay.gateway.intent.repository.Rows.timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The transactional outbox: written with the change it announces, published by the relay. */
@ApplicationScoped
public class OutboxRepository {

    public record OutboxEvent(long seq, String id, String topic, String key, String type, String payload,
            Instant createdAt, String traceParent) {
    }

    public Uni<Void> append(SqlClient transaction, String id, String topic, String key, String type, String payload,
            Instant at, String traceParent) {
        return transaction.preparedQuery("INSERT INTO outbox_event (id, topic, message_key, type, payload, created_at, "
                + "trace_parent) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(new Object[] {id, topic, key, type, payload, timestamp(at), traceParent}))
                .replaceWithVoid();
    }

    /** Oldest unpublished first; rows another relay holds are skipped, so instances share the work. */
    public Uni<List<OutboxEvent>> claim(SqlClient transaction, int limit) {
        return transaction.preparedQuery("SELECT seq, id, topic, message_key, type, payload, created_at, trace_parent FROM outbox_event "
                + "WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<OutboxEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(new OutboxEvent(row.getLong("seq"), row.getString("id"),
                            row.getString("topic"), row.getString("message_key"), row.getString("type"),
                            row.getString("payload"), Rows.instant(row.getOffsetDateTime("created_at")),
                            row.getString("trace_parent"))));
                    return events;
                });
    }

    /**
     * Lets this transaction commit without waiting for the WAL flush: for the relay's marks, whose loss in a
     * database crash only publishes the rows again.
     */
    public Uni<Void> relaxDurability(SqlClient transaction) {
        return transaction.query("SET LOCAL synchronous_commit = off").execute().replaceWithVoid();
    }

    public Uni<Void> markPublished(SqlClient transaction, List<Long> seqs, Instant at) {
        return transaction.preparedQuery("UPDATE outbox_event SET published_at = $2 WHERE seq = ANY($1)")
                .execute(Tuple.of(seqs.toArray(Long[]::new), timestamp(at))).replaceWithVoid();
    }

    public Uni<Long> backlog(SqlClient client) {
        return client.query("SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}
