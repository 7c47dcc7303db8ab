package com.promptpay.gateway.intent.repository;

import static com.promptpay.gateway.intent.repository.Rows.timestamp;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Idempotency-Key records: claimed before the work, completed with the response to replay. */
@ApplicationScoped
public class IdempotencyRepository {

    /** A key's record; {@code responseBody} is null while the first request is still running. */
    public record KeyRecord(String requestHash, String intentId, Integer responseStatus, String responseBody) {
    }

    /**
     * Claims the key for a new request, taking over a record older than {@code expiredBefore}. Returns
     * true when this caller owns the key now.
     */
    public Uni<Boolean> claim(SqlClient client, String merchantId, String key, String requestHash, String intentId,
            Instant now, Instant expiredBefore) {
        return client.preparedQuery("INSERT INTO idempotency_key (merchant_id, key, request_hash, intent_id, created_at) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id, key) DO UPDATE SET request_hash = $3, "
                + "intent_id = $4, response_status = NULL, response_body = NULL, created_at = $5 "
                + "WHERE idempotency_key.created_at < $6")
                .execute(Tuple.of(merchantId, key, requestHash, intentId, timestamp(now), timestamp(expiredBefore)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<KeyRecord>> find(SqlClient client, String merchantId, String key) {
        return client.preparedQuery("SELECT request_hash, intent_id, response_status, response_body FROM idempotency_key "
                + "WHERE merchant_id = $1 AND key = $2")
                .execute(Tuple.of(merchantId, key))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row ->
                        new KeyRecord(row.getString("request_hash"), row.getString("intent_id"),
                                row.getInteger("response_status"), row.getString("response_body"))));
    }

    public Uni<Void> complete(SqlClient transaction, String merchantId, String key, int status, String body) {
        return transaction.preparedQuery("UPDATE idempotency_key SET response_status = $3, response_body = $4 "
                + "WHERE merchant_id = $1 AND key = $2")
                .execute(Tuple.of(merchantId, key, status, body)).replaceWithVoid();
    }

    /** Lets a retry of a request that failed before it created anything start afresh. */
    public Uni<Void> release(SqlClient client, String merchantId, String key) {
        return client.preparedQuery("DELETE FROM idempotency_key WHERE merchant_id = $1 AND key = $2 "
                + "AND response_body IS NULL")
                .execute(Tuple.of(merchantId, key)).replaceWithVoid();
    }

    public Uni<Integer> deleteOlderThan(SqlClient client, Instant before) {
        return client.preparedQuery("DELETE FROM idempotency_key WHERE created_at < $1")
                .execute(Tuple.of(timestamp(before))).map(rows -> rows.rowCount());
    }
}
