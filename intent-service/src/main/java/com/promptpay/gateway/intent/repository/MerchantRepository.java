package com.promptpay.gateway.intent.repository;

import static com.promptpay.gateway.intent.repository.Rows.instant;
import static com.promptpay.gateway.intent.repository.Rows.timestamp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.intent.Merchant;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class MerchantRepository {

    private static final String COLUMNS = "m.id, m.name, m.allowed_origins, m.default_callback_url, m.default_cancel_url, "
            + "m.webhook_url, m.webhook_format, m.webhook_secret_encrypted, m.app_secret_encrypted, "
            + "m.redirect_secret_encrypted, m.link_secret_encrypted, m.created_at, m.updated_at";

    public Uni<Void> insert(SqlClient client, Merchant merchant) {
        return client.preparedQuery("INSERT INTO merchant (id, name, allowed_origins, default_callback_url, "
                + "default_cancel_url, webhook_url, webhook_format, webhook_secret_encrypted, app_secret_encrypted, "
                + "redirect_secret_encrypted, link_secret_encrypted, created_at, updated_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(Tuple.from(new Object[] {merchant.id(), merchant.name(),
                        merchant.allowedOrigins().toArray(String[]::new), merchant.defaultCallbackUrl(),
                        merchant.defaultCancelUrl(), merchant.webhookUrl(), merchant.webhookFormat().wireName(),
                        merchant.webhookSecretSealed(), merchant.appSecretSealed(), merchant.redirectSecretSealed(),
                        merchant.linkSecretSealed(), timestamp(merchant.createdAt()), timestamp(merchant.updatedAt())}))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient client, Merchant merchant) {
        return client.preparedQuery("UPDATE merchant SET name = $2, allowed_origins = $3, default_callback_url = $4, "
                + "default_cancel_url = $5, webhook_url = $6, webhook_format = $7, webhook_secret_encrypted = $8, "
                + "app_secret_encrypted = $9, updated_at = $10 WHERE id = $1")
                .execute(Tuple.from(new Object[] {merchant.id(), merchant.name(),
                        merchant.allowedOrigins().toArray(String[]::new), merchant.defaultCallbackUrl(),
                        merchant.defaultCancelUrl(), merchant.webhookUrl(), merchant.webhookFormat().wireName(),
                        merchant.webhookSecretSealed(), merchant.appSecretSealed(), timestamp(merchant.updatedAt())}))
                .replaceWithVoid();
    }

    public Uni<Optional<Merchant>> find(SqlClient client, String id) {
        return one(client, "SELECT " + COLUMNS + " FROM merchant m WHERE m.id = $1", Tuple.of(id));
    }

    public Uni<Optional<Merchant>> lock(SqlClient transaction, String id) {
        return one(transaction, "SELECT " + COLUMNS + " FROM merchant m WHERE m.id = $1 FOR UPDATE", Tuple.of(id));
    }

    /** The merchant whose live (not revoked) key hashes to this. */
    public Uni<Optional<Merchant>> findByApiKeyHash(SqlClient client, String keyHash) {
        return one(client, "SELECT " + COLUMNS + " FROM merchant m JOIN api_key k ON k.merchant_id = m.id "
                + "WHERE k.key_hash = $1 AND k.revoked_at IS NULL", Tuple.of(keyHash));
    }

    public Uni<Void> insertApiKey(SqlClient client, String keyId, String merchantId, String keyHash, String keyPrefix,
            Instant at) {
        return client.preparedQuery("INSERT INTO api_key (id, merchant_id, key_hash, key_prefix, created_at) "
                + "VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(keyId, merchantId, keyHash, keyPrefix, timestamp(at))).replaceWithVoid();
    }

    /** True when a live key of this merchant was revoked. */
    public Uni<Boolean> revokeApiKey(SqlClient client, String merchantId, String keyId, Instant at) {
        return client.preparedQuery("UPDATE api_key SET revoked_at = $3 WHERE id = $1 AND merchant_id = $2 "
                + "AND revoked_at IS NULL")
                .execute(Tuple.of(keyId, merchantId, timestamp(at))).map(rows -> rows.rowCount() == 1);
    }

    public Uni<java.util.List<String>> liveKeyHashes(SqlClient client, String merchantId) {
        return client.preparedQuery("SELECT key_hash FROM api_key WHERE merchant_id = $1 AND revoked_at IS NULL ORDER BY created_at")
                .execute(Tuple.of(merchantId)).map(rows -> {
                    java.util.List<String> hashes = new java.util.ArrayList<>();
                    rows.forEach(row -> hashes.add(row.getString("key_hash")));
                    return hashes;
                });
    }

    private static Uni<Optional<Merchant>> one(SqlClient client, String sql, Tuple arguments) {
        return client.preparedQuery(sql).execute(arguments)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    private static Merchant map(Row row) {
        return new Merchant(
                row.getString("id"),
                row.getString("name"),
                Arrays.asList(row.getArrayOfStrings("allowed_origins")),
                row.getString("default_callback_url"),
                row.getString("default_cancel_url"),
                row.getString("webhook_url"),
                Merchant.WebhookFormat.fromWireName(row.getString("webhook_format")),
                row.getString("webhook_secret_encrypted"),
                row.getString("app_secret_encrypted"),
                row.getString("redirect_secret_encrypted"),
                row.getString("link_secret_encrypted"),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")));
    }
}
