package com.promptpay.gateway.dispatcher.repository;

import static com.promptpay.gateway.dispatcher.repository.Rows.timestamp;
import static com.promptpay.gateway.dispatcher.repository.Rows.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Merchants as the merchants topic last described them, and the hashes of their live API keys. */
@ApplicationScoped
public class MerchantRepository {

    /**
     * Inserts the merchant or applies the update when it is newer than what is stored; false when the stored
     * configuration is as new or newer (a replay of the compacted topic, or an older record arriving late).
     */
    public Uni<Boolean> upsertIfNewer(SqlClient transaction, String merchantId, String name, Instant updatedAt, Instant now) {
        return transaction.preparedQuery("INSERT INTO merchant (merchant_id, name, deleted, config_updated_at, applied_at) "
                + "VALUES ($1, $2, false, $3, $4) ON CONFLICT (merchant_id) DO UPDATE "
                + "SET name = EXCLUDED.name, deleted = false, config_updated_at = EXCLUDED.config_updated_at, "
                + "applied_at = EXCLUDED.applied_at WHERE merchant.config_updated_at < EXCLUDED.config_updated_at "
                + "RETURNING merchant_id")
                .execute(tuple(merchantId, name, timestamp(updatedAt), timestamp(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A tombstone: the merchant is gone. False when it was never known. */
    public Uni<Boolean> markDeleted(SqlClient transaction, String merchantId, Instant now) {
        return transaction.preparedQuery("UPDATE merchant SET deleted = true, applied_at = $2 WHERE merchant_id = $1")
                .execute(Tuple.of(merchantId, timestamp(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> replaceApiKeys(SqlClient transaction, String merchantId, List<String> keyHashes) {
        Uni<Void> removed = transaction.preparedQuery("DELETE FROM merchant_api_key WHERE merchant_id = $1")
                .execute(Tuple.of(merchantId)).replaceWithVoid();
        if (keyHashes == null || keyHashes.isEmpty()) {
            return removed;
        }
        List<Tuple> rows = keyHashes.stream().distinct().map(hash -> Tuple.of(hash.toLowerCase(java.util.Locale.ROOT), merchantId))
                .toList();
        return removed.flatMap(v -> transaction.preparedQuery("INSERT INTO merchant_api_key (key_hash, merchant_id) "
                + "VALUES ($1, $2) ON CONFLICT (key_hash) DO UPDATE SET merchant_id = EXCLUDED.merchant_id")
                .executeBatch(rows).replaceWithVoid());
    }

    /** The live merchant a key hash belongs to. */
    public Uni<Optional<String>> findByApiKeyHash(SqlClient client, String keyHash) {
        return client.preparedQuery("SELECT k.merchant_id FROM merchant_api_key k JOIN merchant m USING (merchant_id) "
                + "WHERE k.key_hash = $1 AND NOT m.deleted")
                .execute(Tuple.of(keyHash))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(row.getString("merchant_id"));
                    }
                    return Optional.empty();
                });
    }
}
