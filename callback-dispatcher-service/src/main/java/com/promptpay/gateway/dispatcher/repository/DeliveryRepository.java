package com.promptpay.gateway.dispatcher.repository;

import static com.promptpay.gateway.dispatcher.repository.Rows.array;
import static com.promptpay.gateway.dispatcher.repository.Rows.instant;
import static com.promptpay.gateway.dispatcher.repository.Rows.strings;
import static com.promptpay.gateway.dispatcher.repository.Rows.timestamp;
import static com.promptpay.gateway.dispatcher.repository.Rows.tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.AttemptResult;
import com.promptpay.gateway.dispatcher.Delivery;
import com.promptpay.gateway.dispatcher.DeliveryStatus;
import com.promptpay.gateway.dispatcher.WebhookFormat;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deliveries (one event to one endpoint, unique on (event id, endpoint)) and their append-only attempt log.
 * The database drives the retries: a pending delivery is due at {@code next_attempt_at}; a worker claims due
 * rows with {@code FOR UPDATE SKIP LOCKED} and pushes {@code next_attempt_at} to the end of its lease, so a
 * worker that dies mid-attempt gives the delivery back when the lease runs out.
 */
@ApplicationScoped
public class DeliveryRepository {

    public record NewDelivery(String id, String messageId, String eventId, String endpointId, String merchantId,
            String eventType, String intentId, Instant eventOccurredAt, boolean endpointEnabled) {
    }

    /** A delivery as the merchant API shows it. {@code inFlight}: an attempt holds a live lease. */
    public record DeliveryRecord(String id, String messageId, String eventId, String endpointId, String eventType,
            String intentId, DeliveryStatus status, int attemptCount, Instant nextAttemptAt, boolean inFlight,
            Instant lastAttemptAt, Integer lastResponseStatus, String lastError, Instant createdAt, Instant succeededAt,
            Instant failedAt) {
    }

    public record AttemptRecord(String id, Instant attemptedAt, String outcome, Integer responseStatus, long durationMillis,
            String responseBody, String error, String address) {
    }

    public record Filter(DeliveryStatus status, String eventType, String intentId, String startingAfter, int limit) {
    }

    private static final String RECORD_COLUMNS = "d.id, d.message_id, d.event_id, d.endpoint_id, d.event_type, d.intent_id, "
            + "d.status, d.attempt_count, d.next_attempt_at, (d.lease_token IS NOT NULL AND d.next_attempt_at > now()) AS in_flight, "
            + "d.last_attempt_at, d.last_response_status, d.last_error, d.created_at, d.succeeded_at, d.failed_at";

    /**
     * Writes the deliveries of newly recorded events; an existing (event, endpoint) pair is left alone. A
     * delivery to a disabled endpoint is written as failed without an attempt, so a recovery can send it later.
     * Those in {@code leased} are written already leased to {@code token} until {@code leaseMillis} from now, as a
     * claim would lease them: their worker sends them after the commit, and they come back by themselves if it dies.
     *
     * @return how many were written pending, and of those the ids written leased
     */
    public Uni<Written> insertAll(SqlClient transaction, List<NewDelivery> deliveries, Set<String> leased, String token,
            long leaseMillis, Instant now) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(new Written(0, Set.of()));
        }
        List<Tuple> rows = deliveries.stream().map(d -> tuple(d.id(), d.messageId(), d.eventId(), d.endpointId(),
                d.merchantId(), d.eventType(), d.intentId(), timestamp(d.eventOccurredAt()),
                (d.endpointEnabled() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED).wireName(),
                d.endpointEnabled() ? timestamp(now) : null, d.endpointEnabled() ? null : timestamp(now),
                d.endpointEnabled() ? null : "endpoint disabled", timestamp(now),
                leased.contains(d.id()) ? token : null, leaseMillis)).toList();
        return transaction.preparedQuery(INSERT_DELIVERY)
                .executeBatch(rows)
                .map(result -> {
                    int pending = 0;
                    Set<String> leasedNow = new HashSet<>();
                    for (RowSet<Row> set = result; set != null; set = set.next()) {
                        for (Row row : set) {
                            if (DeliveryStatus.PENDING.wireName().equals(row.getString("status"))) {
                                pending++;
                                if (row.getString("lease_token") != null) {
                                    leasedNow.add(row.getString("id"));
                                }
                            }
                        }
                    }
                    return new Written(pending, leasedNow);
                });
    }

    /**
     * Writes the deliveries unleased: the next claim takes them.
     *
     * @return how many pending deliveries were written (the sender has work when this is positive)
     */
    public Uni<Integer> insertAll(SqlClient transaction, List<NewDelivery> deliveries, Instant now) {
        return insertAll(transaction, deliveries, Set.of(), null, 0, now).map(Written::pending);
    }

    /** What {@link #insertAll} wrote: how many new pending deliveries, and the ids of those written leased. */
    public record Written(int pending, Set<String> leased) {
    }

    private static final String INSERT_DELIVERY = "INSERT INTO delivery (id, message_id, event_id, endpoint_id, merchant_id, "
            + "event_type, intent_id, event_occurred_at, status, next_attempt_at, failed_at, last_error, created_at, lease_token) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
            + "CASE WHEN $14::text IS NULL THEN $10::timestamptz ELSE now() + $15 * interval '1 millisecond' END, "
            + "$11, $12, $13, $14) "
            + "ON CONFLICT (event_id, endpoint_id) DO NOTHING RETURNING id, status, lease_token";

    /** What one claim took, and how many due deliveries it looked at (a full look means more may be due). */
    public record Claim(List<Delivery> leased, int candidates) {
    }

    /**
     * Claims due deliveries in one statement: locks up to {@code limit} of them, oldest due first, skipping rows
     * other workers hold and endpoints this worker already saturates ({@code saturated}); takes per endpoint only
     * what fits under {@code perEndpointCap} given what is already in flight ({@code busy}); and leases what it
     * takes: {@code next_attempt_at} moves to the end of the lease, so the rows are invisible to every other claim
     * until then, and come back by themselves if this worker dies.
     */
    public Uni<Claim> claim(SqlClient transaction, int limit, Collection<String> saturated, Map<String, Integer> busy,
            int perEndpointCap, String token, long leaseMillis) {
        String[] busyEndpoints = busy.keySet().toArray(String[]::new);
        Integer[] busyCounts = new Integer[busyEndpoints.length];
        for (int i = 0; i < busyEndpoints.length; i++) {
            busyCounts[i] = busy.get(busyEndpoints[i]);
        }
        return transaction.preparedQuery("WITH due AS (SELECT d.id, d.endpoint_id, d.next_attempt_at FROM delivery d "
                + "WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND NOT (d.endpoint_id = ANY($1)) "
                + "ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED), "
                + "busy AS (SELECT * FROM unnest($3::text[], $4::int[]) AS b(endpoint_id, in_flight)), "
                + "ranked AS (SELECT due.id, COALESCE(busy.in_flight, 0) "
                + "+ row_number() OVER (PARTITION BY due.endpoint_id ORDER BY due.next_attempt_at, due.id) AS slot "
                + "FROM due LEFT JOIN busy ON busy.endpoint_id = due.endpoint_id) "
                + "UPDATE delivery d SET lease_token = $6, next_attempt_at = now() + $7 * interval '1 millisecond' "
                + "FROM ranked r, message m, endpoint e "
                + "WHERE r.slot <= $5 AND d.id = r.id AND m.id = d.message_id AND e.id = d.endpoint_id "
                + "RETURNING d.id, d.event_id, d.event_type, d.merchant_id, d.intent_id, d.event_occurred_at, "
                + "d.attempt_count, d.schedule_step, m.body_standard, m.body_dromon, m.trace_parent, e.id AS endpoint_id, e.url, e.format, e.secrets_sealed, "
                + "e.app_secret_sealed, e.enabled, (SELECT count(*) FROM due) AS candidates")
                .execute(tuple(array(List.copyOf(saturated)), limit, busyEndpoints, busyCounts, perEndpointCap, token,
                        leaseMillis))
                .map(rows -> {
                    List<Delivery> leased = new ArrayList<>();
                    int candidates = 0;
                    for (Row row : rows) {
                        candidates = row.getInteger("candidates");
                        leased.add(new Delivery(row.getString("id"), row.getString("event_id"), row.getString("event_type"),
                                row.getString("merchant_id"), row.getString("intent_id"), instant(row, "event_occurred_at"),
                                row.getInteger("attempt_count"), row.getInteger("schedule_step"), token,
                                row.getString("body_standard"), row.getString("body_dromon"), row.getString("trace_parent"),
                                new Delivery.Target(row.getString("endpoint_id"), row.getString("url"),
                                        WebhookFormat.fromWire(row.getString("format")), strings(row, "secrets_sealed"),
                                        row.getString("app_secret_sealed"), row.getBoolean("enabled"))));
                    }
                    return new Claim(leased, candidates);
                });
    }

    /** Skips the wait for the WAL flush in this transaction (bookkeeping whose loss only means a re-send). */
    public Uni<Void> relaxDurability(SqlClient transaction) {
        return transaction.query("SET LOCAL synchronous_commit = off").execute().replaceWithVoid();
    }

    /** Ends this worker's lease on deliveries it claimed but will not send now: they are due again at once. */
    public Uni<Integer> releaseLeases(SqlClient client, List<String> ids, String token) {
        return client.preparedQuery("UPDATE delivery SET lease_token = NULL, next_attempt_at = now() "
                + "WHERE id = ANY($1) AND lease_token = $2 AND status = 'pending'")
                .execute(Tuple.of(array(ids), token)).map(RowSet::rowCount);
    }

    /** Fails deliveries that can no longer be attempted (their endpoint was disabled while they waited). */
    public Uni<Integer> failWithoutAttempt(SqlClient transaction, List<String> ids, String reason, Instant now) {
        return transaction.preparedQuery("UPDATE delivery SET status = 'failed', failed_at = $2, next_attempt_at = NULL, "
                + "lease_token = NULL, last_error = $3 WHERE id = ANY($1) AND status = 'pending'")
                .execute(Tuple.of(array(ids), timestamp(now), reason)).map(RowSet::rowCount);
    }

    /** One successful attempt waiting to be written. */
    public record Success(String attemptId, Delivery delivery, AttemptResult result) {
    }

    /**
     * Logs successful attempts and marks their deliveries succeeded, whoever holds the lease now (a 2xx is the
     * truth), and ends the endpoints' failure streaks — for a whole batch in one statement, so one commit serves
     * many deliveries. Writing the same attempt again changes nothing (a retry after a lost acknowledgement).
     *
     * @return the ids of the deliveries that succeeded for the first time (for the event-to-delivery latency)
     */
    public Uni<Set<String>> recordSuccesses(SqlClient client, List<Success> successes) {
        int n = successes.size();
        String[] attemptIds = new String[n];
        String[] deliveryIds = new String[n];
        OffsetDateTime[] attemptedAt = new OffsetDateTime[n];
        Integer[] statuses = new Integer[n];
        Integer[] durations = new Integer[n];
        String[] bodies = new String[n];
        String[] addresses = new String[n];
        String[] endpointIds = new String[n];
        for (int i = 0; i < n; i++) {
            Success success = successes.get(i);
            AttemptResult result = success.result();
            attemptIds[i] = success.attemptId();
            deliveryIds[i] = success.delivery().id();
            attemptedAt[i] = timestamp(result.attemptedAt());
            statuses[i] = result.responseStatus();
            durations[i] = (int) Math.min(Integer.MAX_VALUE, result.durationMillis());
            bodies[i] = result.responseBody();
            addresses[i] = result.address();
            endpointIds[i] = success.delivery().endpoint().id();
        }
        return client.preparedQuery(RECORD_SUCCESSES)
                .execute(tuple(attemptIds, deliveryIds, attemptedAt, statuses, durations, bodies, addresses, endpointIds))
                .map(rows -> {
                    Set<String> first = new HashSet<>();
                    for (Row row : rows) {
                        if (Boolean.TRUE.equals(row.getBoolean("first_success"))) {
                            first.add(row.getString("id"));
                        }
                    }
                    return first;
                });
    }

    /** Appends a failed attempt to the log. */
    public Uni<Void> appendAttempt(SqlClient transaction, Delivery delivery, String attemptId, AttemptResult result) {
        return transaction.preparedQuery(INSERT_ATTEMPT).execute(attemptValues(attemptId, delivery, result)).replaceWithVoid();
    }

    /**
     * Applies the outcome of a failed attempt if this worker still holds the lease: another try at
     * {@code retryAt}, or failed when {@code retryAt} is null. Empty when the lease was lost (the attempt is
     * still logged; the worker that holds the delivery now decides).
     */
    public Uni<Optional<DeliveryStatus>> recordFailure(SqlClient transaction, Delivery delivery, AttemptResult result,
            Instant retryAt) {
        boolean retry = retryAt != null;
        return transaction.preparedQuery("UPDATE delivery SET attempt_count = attempt_count + 1, last_attempt_at = $3, "
                + "last_response_status = $4, last_error = $5, lease_token = NULL, "
                + "schedule_step = CASE WHEN $6::boolean THEN schedule_step + 1 ELSE schedule_step END, "
                + "status = CASE WHEN $6::boolean THEN 'pending' ELSE 'failed' END, next_attempt_at = $7, "
                + "failed_at = CASE WHEN $6::boolean THEN NULL::timestamptz ELSE $3::timestamptz END "
                + "WHERE id = $1 AND lease_token = $2 AND status = 'pending' RETURNING status")
                .execute(tuple(delivery.id(), delivery.leaseToken(), timestamp(result.attemptedAt()),
                        result.responseStatus(), result.error(), retry, timestamp(retryAt)))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(DeliveryStatus.fromWire(row.getString("status")));
                    }
                    return Optional.empty();
                });
    }

    /** When an endpoint is disabled, what was waiting for it fails (a recovery re-sends it). */
    public Uni<Integer> failPendingForEndpoint(SqlClient transaction, String endpointId, String reason, Instant now) {
        return transaction.preparedQuery("UPDATE delivery SET status = 'failed', failed_at = $2, next_attempt_at = NULL, "
                + "lease_token = NULL, last_error = $3 WHERE endpoint_id = $1 AND status = 'pending'")
                .execute(Tuple.of(endpointId, timestamp(now), reason)).map(RowSet::rowCount);
    }

    public Uni<List<DeliveryRecord>> list(SqlClient client, String merchantId, Filter filter) {
        return client.preparedQuery("SELECT " + RECORD_COLUMNS + " FROM delivery d WHERE d.merchant_id = $1 "
                + "AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.event_type = $3) "
                + "AND ($4::text IS NULL OR d.intent_id = $4) "
                + "AND ($5::text IS NULL OR (d.created_at, d.id) < "
                + "(SELECT c.created_at, c.id FROM delivery c WHERE c.id = $5 AND c.merchant_id = $1)) "
                + "ORDER BY d.created_at DESC, d.id DESC LIMIT $6")
                .execute(tuple(merchantId, filter.status() == null ? null : filter.status().wireName(), filter.eventType(),
                        filter.intentId(), filter.startingAfter(), filter.limit()))
                .map(DeliveryRepository::records);
    }

    public Uni<Optional<DeliveryRecord>> find(SqlClient client, String merchantId, String id) {
        return client.preparedQuery("SELECT " + RECORD_COLUMNS + " FROM delivery d WHERE d.id = $1 AND d.merchant_id = $2")
                .execute(Tuple.of(id, merchantId))
                .map(rows -> records(rows).stream().findFirst());
    }

    public Uni<List<AttemptRecord>> attempts(SqlClient client, String deliveryId) {
        return client.preparedQuery("SELECT id, attempted_at, outcome, response_status, duration_ms, response_body, error, "
                + "target_address FROM attempt WHERE delivery_id = $1 ORDER BY attempted_at, id")
                .execute(Tuple.of(deliveryId))
                .map(rows -> {
                    List<AttemptRecord> attempts = new ArrayList<>();
                    for (Row row : rows) {
                        attempts.add(new AttemptRecord(row.getString("id"), instant(row, "attempted_at"),
                                row.getString("outcome"), row.getInteger("response_status"), row.getLong("duration_ms"),
                                row.getString("response_body"), row.getString("error"), row.getString("target_address")));
                    }
                    return attempts;
                });
    }

    /**
     * Sends the delivery again as soon as a worker is free, with a fresh retry schedule; an attempt already in
     * flight is left to finish. Empty when the merchant has no such delivery.
     */
    public Uni<Optional<DeliveryRecord>> rearm(SqlClient transaction, String merchantId, String id, Instant now) {
        return transaction.preparedQuery("UPDATE delivery d SET status = 'pending', schedule_step = 0, failed_at = NULL, "
                + "next_attempt_at = CASE WHEN d.status = 'pending' AND d.lease_token IS NOT NULL AND d.next_attempt_at > now() "
                + "THEN d.next_attempt_at ELSE $3 END "
                + "WHERE d.id = $1 AND d.merchant_id = $2 RETURNING " + RECORD_COLUMNS)
                .execute(Tuple.of(id, merchantId, timestamp(now)))
                .map(rows -> records(rows).stream().findFirst());
    }

    /** Re-sends every failed delivery to the endpoint created since {@code since}. */
    public Uni<Integer> recover(SqlClient transaction, String endpointId, Instant since, Instant now) {
        return transaction.preparedQuery("UPDATE delivery SET status = 'pending', schedule_step = 0, failed_at = NULL, "
                + "next_attempt_at = $3 WHERE endpoint_id = $1 AND status = 'failed' AND created_at >= $2")
                .execute(Tuple.of(endpointId, timestamp(since), timestamp(now))).map(RowSet::rowCount);
    }

    /** Whether the endpoint of a delivery is enabled (for a merchant's retry request). */
    public Uni<Optional<Boolean>> endpointEnabled(SqlClient client, String merchantId, String id) {
        return client.preparedQuery("SELECT e.enabled FROM delivery d JOIN endpoint e ON e.id = d.endpoint_id "
                + "WHERE d.id = $1 AND d.merchant_id = $2")
                .execute(Tuple.of(id, merchantId))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(row.getBoolean("enabled"));
                    }
                    return Optional.empty();
                });
    }

    /** Deliveries waiting for an attempt (due or not): the backlog. */
    public Uni<Long> countPending(SqlClient client) {
        return client.query("SELECT count(*) AS n FROM delivery WHERE status = 'pending'")
                .execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Records a batch of successes; package-private so a test can read the plan PostgreSQL makes for it. */
    static final String RECORD_SUCCESSES = "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], "
            + "$4::int[], $5::int[], $6::text[], $7::text[], $8::text[]) "
            + "AS t(attempt_id, delivery_id, attempted_at, status, duration, body, address, endpoint_id)), "
            + "logged AS (INSERT INTO attempt (id, delivery_id, attempted_at, outcome, response_status, duration_ms, "
            + "response_body, error, target_address) SELECT attempt_id, delivery_id, attempted_at, 'succeeded', status, "
            + "duration, body, NULL, address FROM input ON CONFLICT (id) DO NOTHING), "
            + "healthy AS (UPDATE endpoint SET failing_since = NULL "
            + "WHERE id IN (SELECT endpoint_id FROM input) AND failing_since IS NOT NULL) "
            + "UPDATE delivery d SET status = 'succeeded', succeeded_at = COALESCE(d.succeeded_at, i.attempted_at), "
            + "failed_at = NULL, next_attempt_at = NULL, lease_token = NULL, attempt_count = d.attempt_count + 1, "
            + "last_attempt_at = i.attempted_at, last_response_status = i.status, last_error = NULL "
            + "FROM input i WHERE d.id = i.delivery_id RETURNING d.id, d.succeeded_at = i.attempted_at AS first_success";

    private static final String INSERT_ATTEMPT = "INSERT INTO attempt (id, delivery_id, attempted_at, outcome, "
            + "response_status, duration_ms, response_body, error, target_address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    private static Tuple attemptValues(String attemptId, Delivery delivery, AttemptResult result) {
        return tuple(attemptId, delivery.id(), timestamp(result.attemptedAt()), result.outcome().wireName(),
                result.responseStatus(), (int) Math.min(Integer.MAX_VALUE, result.durationMillis()), result.responseBody(),
                result.error(), result.address());
    }

    private static List<DeliveryRecord> records(RowSet<Row> rows) {
        List<DeliveryRecord> records = new ArrayList<>();
        for (Row row : rows) {
            records.add(new DeliveryRecord(row.getString("id"), row.getString("message_id"), row.getString("event_id"),
                    row.getString("endpoint_id"), row.getString("event_type"), row.getString("intent_id"),
                    DeliveryStatus.fromWire(row.getString("status")), row.getInteger("attempt_count"),
                    instant(row, "next_attempt_at"), Boolean.TRUE.equals(row.getBoolean("in_flight")),
                    instant(row, "last_attempt_at"), row.getInteger("last_response_status"), row.getString("last_error"),
                    instant(row, "created_at"), instant(row, "succeeded_at"), instant(row, "failed_at")));
        }
        return records;
    }
}
