package com.promptpay.gateway.intent.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.PaymentLogs;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.PaymentIntentStatus;
import com.promptpay.gateway.intent.client.ProviderIntent;
import com.promptpay.gateway.intent.client.StripePayments;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.messaging.OutboxRelay;
import com.promptpay.gateway.intent.repository.IdempotencyRepository;
import com.promptpay.gateway.intent.repository.IdempotencyRepository.KeyRecord;
import com.promptpay.gateway.intent.repository.PaymentIntentRepository;
import com.promptpay.gateway.intent.rest.CreatePaymentIntentRequest;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Creating, reading and cancelling intents. Stripe is always called outside a transaction; the intent
 * row and the event announcing it commit together, and the relay is woken after the commit.
 */
@ApplicationScoped
public class PaymentIntentService {

    /** What a create answered, kept verbatim for Idempotency-Key replays. */
    public record Response(int status, String body) {
    }

    private static final Duration REPLAY_WAIT = Duration.ofSeconds(5);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final PaymentIntentRepository intents;
    private final IdempotencyRepository idempotency;
    private final IntentEvents events;
    private final StripePayments stripe;
    private final OutboxRelay relay;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    private static final Logger LOG = Logger.getLogger(PaymentIntentService.class);
    private final PaymentTraces traces;

    public PaymentIntentService(Pool pool, PaymentIntentRepository intents, IdempotencyRepository idempotency,
            IntentEvents events, StripePayments stripe, OutboxRelay relay, GatewayConfig config, ObjectMapper json,
            io.micrometer.core.instrument.MeterRegistry metrics, PaymentTraces traces) {
        this.metrics = metrics;
        this.traces = traces;
        this.pool = pool;
        this.intents = intents;
        this.idempotency = idempotency;
        this.events = events;
        this.stripe = stripe;
        this.relay = relay;
        this.config = config;
        this.json = json;
    }

    public Uni<Response> create(Merchant merchant, CreatePaymentIntentRequest request, Optional<String> idempotencyKey) {
        long start = System.nanoTime();
        return createOnce(merchant, request, idempotencyKey).invoke(response -> metrics.timer("gateway.intents.create",
                "merchant", merchant.id()).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    private Uni<Response> createOnce(Merchant merchant, CreatePaymentIntentRequest request, Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            return createAtStripeAndStore(merchant, request, PrefixedIds.next("pi"), Optional.empty());
        }
        String key = idempotencyKey.get();
        String fingerprint = request.fingerprint();
        String intentId = PrefixedIds.next("pi");
        Instant now = Now.instant();
        return idempotency.claim(pool, merchant.id(), key, fingerprint, intentId, now,
                        now.minus(config.intents().idempotencyKeyTtl()))
                .flatMap(claimed -> claimed
                        ? createAtStripeAndStore(merchant, request, intentId, idempotencyKey)
                        : replay(merchant, request, key, fingerprint, Instant.now().plus(REPLAY_WAIT)));
    }

    /**
     * Same key seen before: a different body is a conflict; a finished first request is replayed; one
     * still running is waited for, and one that never finished (its process died) is taken over with
     * the intent id it had claimed, which Stripe's idempotency turns into the same Stripe PaymentIntent.
     */
    private Uni<Response> replay(Merchant merchant, CreatePaymentIntentRequest request, String key, String fingerprint,
            Instant giveUpAt) {
        return idempotency.find(pool, merchant.id(), key).flatMap(found -> {
            if (found.isEmpty()) { // the first request failed and let the key go: start afresh
                return createOnce(merchant, request, Optional.of(key));
            }
            KeyRecord record = found.get();
            if (!record.requestHash().equals(fingerprint)) {
                return Uni.createFrom().failure(ProblemException.conflict("Idempotency-Key '" + key
                        + "' was already used with a different request body; use a new key for a new payment."));
            }
            if (record.responseBody() != null) {
                return Uni.createFrom().item(new Response(record.responseStatus(), record.responseBody()));
            }
            if (Instant.now().isAfter(giveUpAt)) {
                return createAtStripeAndStore(merchant, request, record.intentId(), Optional.of(key));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20))
                    .flatMap(ignored -> replay(merchant, request, key, fingerprint, giveUpAt));
        });
    }

    private Uni<Response> createAtStripeAndStore(Merchant merchant, CreatePaymentIntentRequest request, String intentId,
            Optional<String> key) {
        return stripe.createPromptPay(intentId, merchant.id(), request.amount(), request.email(), request.description())
                .onFailure().call(failure -> key.isPresent() ? idempotency.release(pool, merchant.id(), key.get())
                        : Uni.createFrom().voidItem())
                .flatMap(provider -> store(merchant, request, intentId, key, provider))
                .onFailure(PaymentIntentService::isUniqueViolation).recoverWithUni(() -> key.isPresent()
                        ? replay(merchant, request, key.get(), request.fingerprint(), Instant.now().plus(REPLAY_WAIT))
                        : Uni.createFrom().failure(new IllegalStateException("intent id collision")));
    }

    private Uni<Response> store(Merchant merchant, CreatePaymentIntentRequest request, String intentId,
            Optional<String> key, ProviderIntent provider) {
        Instant now = Now.instant();
        PaymentIntent intent = new PaymentIntent(intentId, merchant.id(), PaymentIntentStatus.REQUIRES_ACTION,
                request.amount(), PaymentIntent.CURRENCY, request.email(), request.description(), request.metadata(),
                request.callbackUrl(), request.cancelUrl(), provider.id(), provider.qr(), false, null,
                now.plus(config.intents().expiresAfter()), now, now);
        Response response = new Response(201, write(IntentViews.created(intent, config.baseUrl())));
        String trace = traces.current();
        return pool.withTransaction(transaction -> intents.insert(transaction, intent, trace)
                        .call(() -> events.intentChanged(transaction, EventTypes.PAYMENT_INTENT_CREATED, intent, now, trace))
                        .call(() -> key.isPresent()
                                ? idempotency.complete(transaction, merchant.id(), key.get(), response.status(), response.body())
                                : Uni.createFrom().voidItem()))
                .invoke(() -> {
                    relay.wakeUp();
                    metrics.counter("gateway.intents.created", "merchant", merchant.id()).increment();
                    PaymentLogs.info(LOG, intentId, "payment intent %s created for merchant %s: %d satang, Stripe %s",
                            intentId, merchant.id(), request.amount(), provider.id());
                })
                .replaceWith(response);
    }

    public Uni<PaymentIntent> find(String intentId) {
        return intents.find(pool, intentId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Payment intent " + intentId)));
    }

    /** The merchant's own intent; another merchant's is answered exactly like a missing one. */
    public Uni<PaymentIntent> findOwned(Merchant merchant, String intentId) {
        return find(intentId).map(intent -> {
            if (!intent.merchantId().equals(merchant.id())) {
                throw ProblemException.notFound("Payment intent " + intentId);
            }
            return intent;
        });
    }

    public Uni<IntentViews.Page> list(Merchant merchant, Optional<PaymentIntentStatus> status,
            Optional<String> startingAfter, int limit) {
        return intents.list(pool, merchant.id(), status, startingAfter, limit + 1).map(rows -> {
            boolean hasMore = rows.size() > limit;
            List<PaymentIntent> page = hasMore ? rows.subList(0, limit) : rows;
            return new IntentViews.Page(page.stream().map(intent -> IntentViews.full(intent, config.baseUrl())).toList(),
                    hasMore, hasMore ? page.get(page.size() - 1).id() : null);
        });
    }

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
