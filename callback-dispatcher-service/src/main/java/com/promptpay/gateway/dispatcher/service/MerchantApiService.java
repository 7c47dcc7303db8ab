package com.promptpay.gateway.dispatcher.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.Endpoint;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.AttemptRecord;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.DeliveryRecord;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.NewDelivery;
import com.promptpay.gateway.dispatcher.repository.EndpointRepository;
import com.promptpay.gateway.dispatcher.repository.MerchantRepository;
import com.promptpay.gateway.dispatcher.repository.MessageRepository;
import com.promptpay.gateway.dispatcher.repository.MessageRepository.NewMessage;
import com.promptpay.gateway.events.PrefixedIds;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What a merchant can see and do with its key: its deliveries and their attempts, a retry of one delivery, a
 * recovery of everything that failed since a time, a test event. Every query is scoped to the merchant, so
 * another merchant's delivery is simply not found.
 */
@ApplicationScoped
public class MerchantApiService {

    public record Page(List<DeliveryRecord> deliveries, boolean hasMore) {
    }

    public record Detail(DeliveryRecord delivery, List<AttemptRecord> attempts) {
    }

    public record Recovery(String endpointId, int recovered) {
    }

    private final Pool pool;
    private final MerchantRepository merchants;
    private final EndpointRepository endpoints;
    private final MessageRepository messages;
    private final DeliveryRepository deliveries;
    private final WebhookPayloads payloads;
    private final DeliveryWorker worker;

    public MerchantApiService(Pool pool, MerchantRepository merchants, EndpointRepository endpoints, MessageRepository messages,
            DeliveryRepository deliveries, WebhookPayloads payloads, DeliveryWorker worker) {
        this.pool = pool;
        this.merchants = merchants;
        this.endpoints = endpoints;
        this.messages = messages;
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.worker = worker;
    }

    /** The merchant whose live API key this is: {@code sha256hex(key)} among the hashes the merchants topic carried. */
    public Uni<Optional<String>> authenticate(String apiKey) {
        return merchants.findByApiKeyHash(pool, sha256Hex(apiKey));
    }

    public Uni<Page> list(String merchantId, DeliveryRepository.Filter filter) {
        DeliveryRepository.Filter oneMore = new DeliveryRepository.Filter(filter.status(), filter.eventType(),
                filter.intentId(), filter.startingAfter(), filter.limit() + 1);
        return deliveries.list(pool, merchantId, oneMore).map(found -> found.size() > filter.limit()
                ? new Page(found.subList(0, filter.limit()), true)
                : new Page(found, false));
    }

    public Uni<Detail> get(String merchantId, String deliveryId) {
        return deliveries.find(pool, merchantId, deliveryId).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(RequestRejected.notFound("Delivery " + deliveryId));
            }
            return deliveries.attempts(pool, deliveryId).map(attempts -> new Detail(found.get(), attempts));
        });
    }

    public Uni<DeliveryRecord> retry(String merchantId, String deliveryId) {
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> deliveries.endpointEnabled(transaction, merchantId, deliveryId)
                .flatMap(enabled -> {
                    if (enabled.isEmpty()) {
                        return Uni.createFrom().<DeliveryRecord>failure(RequestRejected.notFound("Delivery " + deliveryId));
                    }
                    if (!enabled.get()) {
                        return Uni.createFrom().<DeliveryRecord>failure(RequestRejected.conflict(
                                "The webhook endpoint is disabled; POST /webhook-endpoints/recover turns it back on."));
                    }
                    return deliveries.rearm(transaction, merchantId, deliveryId, now).map(Optional::orElseThrow);
                }))
                .invoke(worker::wakeUp);
    }

    /** Turns the endpoint back on and sends again every delivery to it that failed and was created since {@code since}. */
    public Uni<Recovery> recover(String merchantId, Instant since) {
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> endpoints.lockByMerchant(transaction, merchantId).flatMap(endpoint -> {
            if (endpoint.isEmpty() || !endpoint.get().configured()) {
                return Uni.createFrom().<Recovery>failure(RequestRejected.conflict("No webhook URL is configured."));
            }
            String endpointId = endpoint.get().id();
            return endpoints.enable(transaction, endpointId, now)
                    .flatMap(v -> deliveries.recover(transaction, endpointId, since, now))
                    .map(count -> new Recovery(endpointId, count));
        })).invoke(recovery -> worker.wakeUp());
    }

    /** Sends a {@code webhook.test} event to the merchant's endpoint, through the normal delivery path. */
    public Uni<DeliveryRecord> sendTest(String merchantId) {
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> endpoints.lockByMerchant(transaction, merchantId).flatMap(found -> {
            if (found.isEmpty() || !found.get().configured()) {
                return Uni.createFrom().<DeliveryRecord>failure(RequestRejected.conflict("No webhook URL is configured."));
            }
            Endpoint endpoint = found.get();
            if (!endpoint.enabled()) {
                return Uni.createFrom().<DeliveryRecord>failure(RequestRejected.conflict("The webhook endpoint is disabled ("
                        + endpoint.disabledReason().wireName() + "); POST /webhook-endpoints/recover turns it back on."));
            }
            String eventId = PrefixedIds.next("evt");
            NewMessage message = new NewMessage(PrefixedIds.next("msg"), eventId, WebhookPayloads.TEST_EVENT_TYPE,
                    merchantId, null, now, payloads.standardTest(eventId, now), payloads.dromonTest(eventId), false, now,
                    null);
            String deliveryId = PrefixedIds.next("dlv");
            return messages.insertAll(transaction, List.of(message))
                    .flatMap(v -> deliveries.insertAll(transaction, List.of(new NewDelivery(deliveryId, message.id(),
                            eventId, endpoint.id(), merchantId, message.eventType(), null, now, true)), now))
                    .flatMap(v -> deliveries.find(transaction, merchantId, deliveryId))
                    .map(Optional::orElseThrow);
        })).invoke(worker::wakeUp);
    }

    public Uni<List<Endpoint>> endpoints(String merchantId) {
        return endpoints.findByMerchant(pool, merchantId).map(found -> found.map(List::of).orElse(List.of()));
    }

    static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
