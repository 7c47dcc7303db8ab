package com.promptpay.gateway.dispatcher.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.promptpay.gateway.dispatcher.DisabledReason;
import com.promptpay.gateway.dispatcher.Endpoint;
import com.promptpay.gateway.dispatcher.WebhookFormat;
import com.promptpay.gateway.dispatcher.config.DispatcherConfig;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.NewDelivery;
import com.promptpay.gateway.dispatcher.repository.EndpointRepository;
import com.promptpay.gateway.dispatcher.repository.MerchantRepository;
import com.promptpay.gateway.dispatcher.repository.MessageRepository;
import com.promptpay.gateway.events.MerchantUpdated;
import com.promptpay.gateway.events.PrefixedIds;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Keeps the latest configuration of every merchant from the compacted merchants topic in our own database, so
 * deliveries go on while intent-service is down. An update applies only when its {@code updatedAt} is newer
 * than the stored one.
 */
@ApplicationScoped
public class MerchantConfigService {

    private static final Logger LOG = Logger.getLogger(MerchantConfigService.class);

    private final Pool pool;
    private final MerchantRepository merchants;
    private final EndpointRepository endpoints;
    private final MessageRepository messages;
    private final DeliveryRepository deliveries;
    private final DeliveryWorker worker;
    private final DispatcherMetrics metrics;
    private final List<String> standardEventTypes;

    public MerchantConfigService(Pool pool, MerchantRepository merchants, EndpointRepository endpoints,
            MessageRepository messages, DeliveryRepository deliveries, DeliveryWorker worker, DispatcherMetrics metrics,
            DispatcherConfig config) {
        this.pool = pool;
        this.merchants = merchants;
        this.endpoints = endpoints;
        this.messages = messages;
        this.deliveries = deliveries;
        this.worker = worker;
        this.metrics = metrics;
        this.standardEventTypes = List.copyOf(config.delivery().eventTypes());
    }

    /** @return true when the update was newer than what we had and is now applied */
    public Uni<Boolean> apply(MerchantUpdated update) {
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> merchants
                .upsertIfNewer(transaction, update.merchantId(), update.name(), update.updatedAt(), now)
                .flatMap(applied -> {
                    if (!applied) {
                        return Uni.createFrom().item(-1);
                    }
                    return merchants.replaceApiKeys(transaction, update.merchantId(), update.apiKeyHashes())
                            .flatMap(v -> endpoints.lockByMerchant(transaction, update.merchantId()))
                            .flatMap(existing -> saveEndpoint(transaction, existing, update, now))
                            .flatMap(endpoint -> adopt(transaction, update.merchantId(), Optional.of(endpoint), now));
                }))
                .invoke(pending -> {
                    if (pending > 0) {
                        worker.wakeUp();
                    }
                })
                .map(pending -> pending >= 0);
    }

    /** A tombstone: the merchant is gone; its keys stop working and nothing more is sent. */
    public Uni<Void> remove(String merchantId) {
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> merchants.markDeleted(transaction, merchantId, now).flatMap(known -> {
            if (!known) {
                return Uni.createFrom().voidItem();
            }
            return merchants.replaceApiKeys(transaction, merchantId, List.of())
                    .flatMap(v -> endpoints.lockByMerchant(transaction, merchantId))
                    .flatMap(existing -> {
                        if (existing.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        Endpoint old = existing.get();
                        Endpoint removed = new Endpoint(old.id(), old.merchantId(), old.url(), old.format(), old.secretsSealed(),
                                old.appSecretSealed(), old.eventTypes(), false, DisabledReason.MERCHANT_DELETED, now,
                                old.failingSince(), old.createdAt(), now);
                        return endpoints.update(transaction, removed)
                                .flatMap(v -> deliveries.failPendingForEndpoint(transaction, old.id(),
                                        "endpoint disabled: merchant_deleted", now))
                                .invoke(metrics::failed).replaceWithVoid();
                    });
        }));
    }

    /** Gives deliveries to events that arrived before their merchant's configuration (run by the maintenance task). */
    public Uni<Integer> adoptOrphans(String merchantId) {
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> endpoints.lockByMerchant(transaction, merchantId)
                .flatMap(endpoint -> adopt(transaction, merchantId, endpoint, now)))
                .invoke(pending -> {
                    if (pending > 0) {
                        worker.wakeUp();
                    }
                });
    }

    private Uni<Endpoint> saveEndpoint(SqlClient transaction, Optional<Endpoint> existing, MerchantUpdated update, Instant now) {
        String url = update.webhookUrl() == null || update.webhookUrl().isBlank() ? null : update.webhookUrl().strip();
        WebhookFormat format = WebhookFormat.fromWire(update.webhookFormat());
        List<String> secrets = update.webhookSecretsEncrypted() == null ? List.of() : List.copyOf(update.webhookSecretsEncrypted());
        List<String> types = format.subscribedTypes(standardEventTypes);
        if (existing.isEmpty()) {
            boolean enabled = url != null;
            Endpoint created = new Endpoint(PrefixedIds.next("ep"), update.merchantId(), url, format, secrets,
                    update.appSecretEncrypted(), types, enabled, enabled ? null : DisabledReason.UNCONFIGURED,
                    enabled ? null : now, null, now, now);
            return endpoints.insert(transaction, created).replaceWith(created);
        }
        Endpoint old = existing.get();
        boolean enabled = old.enabledAfter(url, format);
        boolean changedTarget = url == null ? old.url() != null : !url.equals(old.url()) || format != old.format();
        DisabledReason reason = enabled ? null : url == null ? DisabledReason.UNCONFIGURED : old.disabledReason();
        Instant disabledAt = enabled ? null : old.enabled() || old.disabledAt() == null ? now : old.disabledAt();
        Instant failingSince = enabled && (!old.enabled() || changedTarget) ? null : old.failingSince();
        Endpoint updated = new Endpoint(old.id(), old.merchantId(), url, format, secrets, update.appSecretEncrypted(), types,
                enabled, reason, disabledAt, failingSince, old.createdAt(), now);
        if (enabled != old.enabled()) {
            LOG.infof("endpoint %s of merchant %s %s by a configuration change", old.id(), old.merchantId(),
                    enabled ? "enabled" : "disabled");
        }
        Uni<Void> saved = endpoints.update(transaction, updated);
        if (old.enabled() && !enabled) {
            saved = saved.flatMap(v -> deliveries.failPendingForEndpoint(transaction, old.id(),
                    "endpoint disabled: " + reason.wireName(), now).invoke(metrics::failed).replaceWithVoid());
        }
        return saved.replaceWith(updated);
    }

    private Uni<Integer> adopt(SqlClient transaction, String merchantId, Optional<Endpoint> endpoint, Instant now) {
        return messages.lockOrphans(transaction, merchantId).flatMap(orphans -> {
            if (orphans.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<NewDelivery> created = endpoint.filter(Endpoint::configured).map(e -> orphans.stream()
                    .filter(message -> e.subscribedTo(message.eventType()))
                    .map(message -> new NewDelivery(PrefixedIds.next("dlv"), message.id(), message.eventId(), e.id(),
                            merchantId, message.eventType(), message.intentId(), message.occurredAt(), e.enabled()))
                    .toList()).orElse(List.of());
            LOG.infof("merchant %s: %d event(s) that arrived before its configuration now have %d deliveries",
                    merchantId, orphans.size(), created.size());
            return deliveries.insertAll(transaction, created, now)
                    .call(() -> messages.clearOrphans(transaction, merchantId));
        });
    }
}
