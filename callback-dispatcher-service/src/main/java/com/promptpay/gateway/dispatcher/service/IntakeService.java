package com.promptpay.gateway.dispatcher.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

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
 * orphan and delivered once the merchant's configuration arrives.
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
        Instant now = Instant.now();
        List<String> merchantIds = events.values().stream().map(e -> e.intent().merchantId()).distinct().toList();
        return pool.withTransaction(transaction -> endpoints.forMerchants(transaction, merchantIds).flatMap(known -> {
            List<NewMessage> rows = new ArrayList<>();
            for (IncomingEvent event : events.values()) {
                PaymentIntentEvent intent = event.intent();
                rows.add(new NewMessage(PrefixedIds.next("msg"), event.eventId(), event.type(), intent.merchantId(),
                        intent.paymentIntentId(), event.occurredAt(),
                        payloads.standard(event.eventId(), event.type(), event.occurredAt(), intent),
                        payloads.dromon(event.type(), intent), !known.containsKey(intent.merchantId()), now,
                        event.traceParent()));
            }
            return messages.insertAll(transaction, rows).flatMap(inserted -> deliveries.insertAll(transaction,
                    deliveriesFor(rows, inserted, known), now));
        })).invoke(pending -> {
            if (pending > 0) {
                worker.wakeUp(); // after the commit: the first attempt goes out at once
            }
        });
    }

    private static List<NewDelivery> deliveriesFor(List<NewMessage> rows, Set<String> inserted,
            Map<String, MerchantEndpoint> known) {
        List<NewDelivery> created = new ArrayList<>();
        for (NewMessage message : rows) {
            MerchantEndpoint merchant = known.get(message.merchantId());
            if (!inserted.contains(message.eventId()) || merchant == null || merchant.deleted()
                    || merchant.endpoint().isEmpty()) {
                continue;
            }
            Endpoint endpoint = merchant.endpoint().get();
            if (endpoint.configured() && endpoint.subscribedTo(message.eventType())) {
                created.add(new NewDelivery(PrefixedIds.next("dlv"), message.id(), message.eventId(), endpoint.id(),
                        message.merchantId(), message.eventType(), message.intentId(), message.occurredAt(),
                        endpoint.enabled()));
            }
        }
        return created;
    }
}
