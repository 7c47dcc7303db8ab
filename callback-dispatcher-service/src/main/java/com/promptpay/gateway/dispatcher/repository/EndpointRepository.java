package com.promptpay.gateway.dispatcher.repository;

import static com.promptpay.gateway.dispatcher.repository.Rows.array;
import static com.promptpay.gateway.dispatcher.repository.Rows.instant;
import static com.promptpay.gateway.dispatcher.repository.Rows.strings;
import static com.promptpay.gateway.dispatcher.repository.Rows.timestamp;
import static com.promptpay.gateway.dispatcher.repository.Rows.tuple;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.DisabledReason;
import com.promptpay.gateway.dispatcher.Endpoint;
import com.promptpay.gateway.dispatcher.WebhookFormat;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Webhook endpoints: one per merchant, with a stable {@code ep_} id across configuration changes. */
@ApplicationScoped
public class EndpointRepository {

    private static final String COLUMNS = "e.id, e.merchant_id, e.url, e.format, e.secrets_sealed, e.app_secret_sealed, "
            + "e.event_types, e.enabled, e.disabled_reason, e.disabled_at, e.failing_since, e.created_at, e.updated_at";

    /** What the intake needs to know about a merchant an event names. */
    public record MerchantEndpoint(String merchantId, boolean deleted, Optional<Endpoint> endpoint) {
    }

    /** The endpoint's failure streak after recording one more failure. */
    public record FailureStreak(Instant failingSince, boolean enabled) {
    }

    public Uni<Optional<Endpoint>> lockByMerchant(SqlClient transaction, String merchantId) {
        return transaction.preparedQuery("SELECT " + COLUMNS + " FROM endpoint e WHERE e.merchant_id = $1 FOR UPDATE")
                .execute(Tuple.of(merchantId)).map(EndpointRepository::first);
    }

    public Uni<Optional<Endpoint>> findByMerchant(SqlClient client, String merchantId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM endpoint e WHERE e.merchant_id = $1")
                .execute(Tuple.of(merchantId)).map(EndpointRepository::first);
    }

    /** Known merchants among {@code merchantIds}, with their endpoint if they have one. Unknown ones are absent. */
    public Uni<Map<String, MerchantEndpoint>> forMerchants(SqlClient client, List<String> merchantIds) {
        return client.preparedQuery("SELECT m.merchant_id AS known_merchant, m.deleted, " + COLUMNS
                + " FROM merchant m LEFT JOIN endpoint e ON e.merchant_id = m.merchant_id WHERE m.merchant_id = ANY($1)")
                .execute(Tuple.of(array(merchantIds)))
                .map(rows -> {
                    Map<String, MerchantEndpoint> found = new HashMap<>();
                    for (Row row : rows) {
                        String merchantId = row.getString("known_merchant");
                        Optional<Endpoint> endpoint = row.getString("id") == null ? Optional.empty() : Optional.of(endpoint(row));
                        found.put(merchantId, new MerchantEndpoint(merchantId, row.getBoolean("deleted"), endpoint));
                    }
                    return found;
                });
    }

    public Uni<Void> insert(SqlClient transaction, Endpoint endpoint) {
        return transaction.preparedQuery("INSERT INTO endpoint (id, merchant_id, url, format, secrets_sealed, "
                + "app_secret_sealed, event_types, enabled, disabled_reason, disabled_at, failing_since, created_at, updated_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(values(endpoint)).replaceWithVoid();
    }

    /** Writes the whole configuration and state (the row is locked by {@link #lockByMerchant}). */
    public Uni<Void> update(SqlClient transaction, Endpoint endpoint) {
        return transaction.preparedQuery("UPDATE endpoint SET merchant_id = $2, url = $3, format = $4, secrets_sealed = $5, "
                + "app_secret_sealed = $6, event_types = $7, enabled = $8, disabled_reason = $9, disabled_at = $10, "
                + "failing_since = $11, created_at = $12, updated_at = $13 WHERE id = $1")
                .execute(values(endpoint)).replaceWithVoid();
    }

    public Uni<FailureStreak> recordFailure(SqlClient transaction, String endpointId, Instant at) {
        return transaction.preparedQuery("UPDATE endpoint SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 "
                + "RETURNING failing_since, enabled")
                .execute(Tuple.of(endpointId, timestamp(at)))
                .map(rows -> {
                    for (Row row : rows) {
                        return new FailureStreak(instant(row, "failing_since"), row.getBoolean("enabled"));
                    }
                    return new FailureStreak(null, false);
                });
    }

    /** True when this call disabled it (false when it already was). */
    public Uni<Boolean> disable(SqlClient transaction, String endpointId, DisabledReason reason, Instant at) {
        return transaction.preparedQuery("UPDATE endpoint SET enabled = false, disabled_reason = $2, disabled_at = $3 "
                + "WHERE id = $1 AND enabled")
                .execute(Tuple.of(endpointId, reason.wireName(), timestamp(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Turns a configured endpoint back on with a clean failure streak (the merchant asked to recover). */
    public Uni<Optional<Endpoint>> enable(SqlClient transaction, String endpointId, Instant at) {
        return transaction.preparedQuery("UPDATE endpoint e SET enabled = true, disabled_reason = NULL, disabled_at = NULL, "
                + "failing_since = NULL, updated_at = $2 WHERE e.id = $1 AND e.url IS NOT NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(endpointId, timestamp(at))).map(EndpointRepository::first);
    }

    /** Endpoints the dispatcher itself switched off (410, or failing too long). */
    public Uni<Long> countDisabledByBehaviour(SqlClient client) {
        return client.query("SELECT count(*) AS n FROM endpoint WHERE NOT enabled AND disabled_reason IN ('gone', 'failing')")
                .execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Tuple values(Endpoint e) {
        return tuple(e.id(), e.merchantId(), e.url(), e.format().wireName(), array(e.secretsSealed()), e.appSecretSealed(),
                array(e.eventTypes()), e.enabled(), e.disabledReason() == null ? null : e.disabledReason().wireName(),
                timestamp(e.disabledAt()), timestamp(e.failingSince()), timestamp(e.createdAt()), timestamp(e.updatedAt()));
    }

    private static Optional<Endpoint> first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        for (Row row : rows) {
            return Optional.of(endpoint(row));
        }
        return Optional.empty();
    }

    static Endpoint endpoint(Row row) {
        return new Endpoint(row.getString("id"), row.getString("merchant_id"), row.getString("url"),
                WebhookFormat.fromWire(row.getString("format")), strings(row, "secrets_sealed"),
                row.getString("app_secret_sealed"), strings(row, "event_types"), row.getBoolean("enabled"),
                DisabledReason.parse(row.getString("disabled_reason")).orElse(null), instant(row, "disabled_at"),
                instant(row, "failing_since"), instant(row, "created_at"), instant(row, "updated_at"));
    }
}
