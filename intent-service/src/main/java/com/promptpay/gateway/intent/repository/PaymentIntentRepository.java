package com.promptpay.gateway.intent.repository;

import static com.promptpay.gateway.intent.repository.Rows.instant;
import static com.promptpay.gateway.intent.repository.Rows.timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.PaymentIntentStatus;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class PaymentIntentRepository {

    private static final String COLUMNS = "id, merchant_id, status, amount, currency, email, description, metadata, "
            + "callback_url, cancel_url, stripe_payment_intent_id, qr_data, qr_image_url_png, qr_image_url_svg, late, "
            + "amount_received, expires_at, created_at, updated_at";

    /** {@code traceParent}: the creating request's trace, which the intent's later events continue. */
    public Uni<Void> insert(SqlClient client, PaymentIntent intent, String traceParent) {
        return client.preparedQuery("INSERT INTO payment_intent (" + COLUMNS + ", trace_parent) VALUES "
                + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)")
                .execute(Tuple.from(new Object[] {intent.id(), intent.merchantId(), intent.status().wireName(),
                        intent.amount(), intent.currency(), intent.email(), intent.description(),
                        Rows.json(intent.metadata()), intent.callbackUrl(), intent.cancelUrl(),
                        intent.stripePaymentIntentId(), intent.qr().data(), intent.qr().imageUrlPng(),
                        intent.qr().imageUrlSvg(), intent.late(), intent.amountReceived(),
                        timestamp(intent.expiresAt()), timestamp(intent.createdAt()), timestamp(intent.updatedAt()),
                        traceParent}))
                .replaceWithVoid();
    }

    public Uni<Optional<PaymentIntent>> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM payment_intent WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** Inside a transaction: the row stays locked until commit, so transitions of one intent serialize. */
    public Uni<Optional<PaymentIntent>> lock(SqlClient transaction, String id) {
        return transaction.preparedQuery("SELECT " + COLUMNS + " FROM payment_intent WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** @return the creating request's trace, which the event of this change continues (null for an older row) */
    public Uni<String> updateState(SqlClient transaction, PaymentIntent intent) {
        return transaction.preparedQuery("UPDATE payment_intent SET status = $2, late = $3, amount_received = $4, "
                + "updated_at = $5, version = version + 1 WHERE id = $1 RETURNING trace_parent")
                .execute(Tuple.of(intent.id(), intent.status().wireName(), intent.late(), intent.amountReceived(),
                        timestamp(intent.updatedAt())))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("trace_parent"));
    }

    /** The merchant's intents, newest first, strictly after {@code startingAfter} when given. */
    public Uni<List<PaymentIntent>> list(SqlClient client, String merchantId, Optional<PaymentIntentStatus> status,
            Optional<String> startingAfter, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM payment_intent WHERE merchant_id = $1"
                + " AND ($2::text IS NULL OR status = $2)"
                + " AND ($3::text IS NULL OR (created_at, id) < (SELECT created_at, id FROM payment_intent"
                + "      WHERE id = $3 AND merchant_id = $1))"
                + " ORDER BY created_at DESC, id DESC LIMIT $4";
        return client.preparedQuery(sql)
                .execute(Tuple.of(merchantId, status.map(PaymentIntentStatus::wireName).orElse(null),
                        startingAfter.orElse(null), limit))
                .map(rows -> {
                    List<PaymentIntent> page = new ArrayList<>();
                    rows.forEach(row -> page.add(map(row)));
                    return page;
                });
    }

    /** The intents opened from one payment link, newest first. */
    public Uni<List<PaymentIntent>> linkIntents(SqlClient client, String merchantId, String uid, long amount) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM payment_intent WHERE merchant_id = $1 "
                + "AND metadata ->> 'uid' = $2 AND amount = $3 ORDER BY created_at DESC")
                .execute(Tuple.of(merchantId, uid, amount))
                .map(rows -> {
                    List<PaymentIntent> found = new ArrayList<>();
                    rows.forEach(row -> found.add(map(row)));
                    return found;
                });
    }

    /** Open intents past their deadline. */
    public Uni<List<String>> expiredIds(SqlClient client, Instant now, int limit) {
        return ids(client, "SELECT id FROM payment_intent WHERE status = 'requires_action' AND expires_at <= $1 "
                + "ORDER BY expires_at LIMIT $2", Tuple.of(timestamp(now), limit));
    }

    /**
     * Open intents old enough, and not checked recently, to ask Stripe about, taken in turns from two queues. The
     * newest never checked: a shopper who has just paid, and whose webhook was lost, is among them, and after a burst
     * of abandoned checkouts must not wait behind every older one (those are left to expiry, which asks Stripe too).
     * And those checked longest ago, so intents Stripe keeps failing on cannot hold back the rest.
     */
    public Uni<List<String>> idsToReconcile(SqlClient client, Instant createdBefore, Instant checkedBefore, int limit) {
        return ids(client, "SELECT id FROM ("
                + "(SELECT id, row_number() OVER (ORDER BY created_at DESC) AS turn FROM payment_intent "
                + "WHERE status = 'requires_action' AND reconciled_at IS NULL AND created_at <= $1 "
                + "ORDER BY created_at DESC LIMIT $3) UNION ALL "
                + "(SELECT id, row_number() OVER (ORDER BY reconciled_at) AS turn FROM payment_intent "
                + "WHERE status = 'requires_action' AND reconciled_at <= $2 AND created_at <= $1 "
                + "ORDER BY reconciled_at LIMIT $3)) AS due ORDER BY turn LIMIT $3",
                Tuple.of(timestamp(createdBefore), timestamp(checkedBefore), limit));
    }

    /** Stamped before Stripe is asked, so an intent whose check fails waits its turn like one that was checked. */
    public Uni<Void> markReconciled(SqlClient client, String id, Instant at) {
        return client.preparedQuery("UPDATE payment_intent SET reconciled_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, timestamp(at))).replaceWithVoid();
    }

    private static Uni<List<String>> ids(SqlClient client, String sql, Tuple arguments) {
        return client.preparedQuery(sql).execute(arguments).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString("id")));
            return ids;
        });
    }

    private static PaymentIntent map(Row row) {
        return new PaymentIntent(
                row.getString("id"),
                row.getString("merchant_id"),
                PaymentIntentStatus.fromWireName(row.getString("status")).orElseThrow(),
                row.getLong("amount"),
                row.getString("currency"),
                row.getString("email"),
                row.getString("description"),
                Rows.stringMap(row.getValue("metadata")),
                row.getString("callback_url"),
                row.getString("cancel_url"),
                row.getString("stripe_payment_intent_id"),
                new PaymentIntent.Qr(row.getString("qr_data"), row.getString("qr_image_url_png"),
                        row.getString("qr_image_url_svg")),
                row.getBoolean("late"),
                row.getLong("amount_received"),
                instant(row.getOffsetDateTime("expires_at")),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")));
    }
}
