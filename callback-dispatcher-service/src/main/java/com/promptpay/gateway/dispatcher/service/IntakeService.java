package com.promptpay.gateway.dispatcher.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.Delivery;
import com.promptpay.gateway.dispatcher.Endpoint;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.NewDelivery;
import com.promptpay.gateway.dispatcher.repository.EndpointRepository;
import com.promptpay.gateway.dispatcher.repository.EndpointRepository.MerchantEndpoint;
import com.promptpay.gateway.dispatcher.repository.MessageRepository;
import com.promptpay.gateway.dispatcher.repository.MessageRepository.NewMessage;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.events.PrefixedIds;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Records consumed {@code payment_intent.*} events: per event one message, and per enabled endpoint subscribed
 * to its type one pending delivery, in one transaction for the whole batch, committed before the Kafka offset.
 * A redelivered event (same event id) changes nothing. An event whose merchant is not known yet is kept as an
 * orphan and delivered once the merchant's configuration arrives. New deliveries for which the worker has free slots
 * are written already leased to it and sent as soon as the transaction commits, without waiting for a claim.
 */
@ApplicationScoped
public class IntakeService {

    public record IncomingEvent(String eventId, String type, Instant occurredAt, PaymentIntentEvent intent,
            String traceParent) {
    }

    private final Pool pool;
    private final EndpointRepository endpoints;
    private final MessageRepository messages;
    private final DeliveryRepository deliveries;
    private final WebhookPayloads payloads;
    private final DeliveryWorker worker;

    public IntakeService(Pool pool, EndpointRepository endpoints, MessageRepository messages, DeliveryRepository deliveries,
            WebhookPayloads payloads, DeliveryWorker worker) {
        this.pool = pool;
        this.endpoints = endpoints;
        this.messages = messages;
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.worker = worker;
    }

    /** @return how many pending deliveries were created */
    public Uni<Integer> record(List<IncomingEvent> batch) {
        Map<String, IncomingEvent> events = new LinkedHashMap<>();
        batch.forEach(event -> events.putIfAbsent(event.eventId(), event));
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // Deferred: the consumer retries a failed batch by subscribing again, and each try holds its own slots.
        return Uni.createFrom().deferred(() -> recordOnce(events.values()));
    }

    /**
     * One transaction for the batch. The new deliveries that get worker slots, or places to wait for one, are written
     * leased to this instance and sent right after the commit (or as their endpoint's slots free); the rest (no room,
     * or the commit failed) are left to the claim.
     */
    private Uni<Integer> recordOnce(Collection<IncomingEvent> events) {
        Instant now = Instant.now();
        List<String> merchantIds = events.stream().map(e -> e.intent().merchantId()).distinct().toList();
        Map<String, Planned> planned = new LinkedHashMap<>();
        AtomicReference<DeliveryWorker.Reservation> reserved = new AtomicReference<>();
        return pool.withTransaction(transaction -> endpoints.forMerchants(transaction, merchantIds).flatMap(known -> {
            List<NewMessage> rows = new ArrayList<>();
            for (IncomingEvent event : events) {
                PaymentIntentEvent intent = event.intent();
                rows.add(new NewMessage(PrefixedIds.next("msg"), event.eventId(), event.type(), intent.merchantId(),
                        intent.paymentIntentId(), event.occurredAt(),
                        payloads.standard(event.eventId(), event.type(), event.occurredAt(), intent),
                        payloads.dromon(event.type(), intent), !known.containsKey(intent.merchantId()), now,
                        event.traceParent()));
            }
            return messages.insertAll(transaction, rows).flatMap(inserted -> {
                deliveriesFor(rows, inserted, known).forEach(delivery -> planned.put(delivery.row().id(), delivery));
                List<NewDelivery> created = planned.values().stream().map(Planned::row).toList();
                DeliveryWorker.Reservation reservation = worker.reserve(created);
                reserved.set(reservation);
                return deliveries.insertAll(transaction, created, reservation.ids(), reservation.token(),
                        reservation.leaseMillis(), now);
            });
        })).onTermination().invoke((written, failure, cancelled) -> {
            DeliveryWorker.Reservation reservation = reserved.get();
            Set<String> leased = written == null ? Set.of() : written.leased();
            for (NewDelivery delivery : reservation == null ? List.<NewDelivery>of() : reservation.deliveries()) {
                if (leased.contains(delivery.id())) {
                    worker.sendReserved(planned.get(delivery.id()).leasedTo(reservation.token()), reservation);
                } else {
                    worker.cancelReserved(delivery, reservation);
                }
            }
            if (written != null && written.pending() > leased.size()) {
                worker.leftForTheClaim(reservation); // after the commit: the claim sends what had no room
            }
        }).map(DeliveryRepository.Written::pending);
    }

    /** A delivery to be written, with what its first attempt sends. */
    private record Planned(NewDelivery row, NewMessage message, Endpoint endpoint) {

        /** The delivery as a claim would have handed it to the worker. */
        Delivery leasedTo(String token) {
            return new Delivery(row.id(), row.eventId(), row.eventType(), row.merchantId(), row.intentId(),
                    row.eventOccurredAt(), 0, 0, token, message.bodyStandard(), message.bodyDromon(), message.traceParent(),
                    new Delivery.Target(endpoint.id(), endpoint.url(), endpoint.format(), endpoint.secretsSealed(),
                            endpoint.appSecretSealed(), endpoint.enabled()));
        }
    }

    private static List<Planned> deliveriesFor(List<NewMessage> rows, Set<String> inserted,
            Map<String, MerchantEndpoint> known) {
        List<Planned> created = new ArrayList<>();
        for (NewMessage message : rows) {
            MerchantEndpoint merchant = known.get(message.merchantId());
            if (!inserted.contains(message.eventId()) || merchant == null || merchant.deleted()
                    || merchant.endpoint().isEmpty()) {
                continue;
            }
            Endpoint endpoint = merchant.endpoint().get();
            if (endpoint.configured() && endpoint.subscribedTo(message.eventType())) {
                created.add(new Planned(new NewDelivery(PrefixedIds.next("dlv"), message.id(), message.eventId(),
                        endpoint.id(), message.merchantId(), message.eventType(), message.intentId(), message.occurredAt(),
                        endpoint.enabled()), message, endpoint));
            }
        }
        return created;
    }
}
