package com.promptpay.gateway.dispatcher.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.promptpay.gateway.dispatcher.repository.DeliveryRepository;
import com.promptpay.gateway.dispatcher.repository.EndpointRepository;
import com.promptpay.gateway.dispatcher.repository.MessageRepository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Refreshes the backlog and disabled-endpoint gauges and adopts events that arrived before their merchant. */
@ApplicationScoped
public class Maintenance {

    private static final Logger LOG = Logger.getLogger(Maintenance.class);

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final MessageRepository messages;
    private final MerchantConfigService merchantConfig;
    private final DispatcherMetrics metrics;
    private volatile boolean stopping;

    public Maintenance(Pool pool, DeliveryRepository deliveries, EndpointRepository endpoints, MessageRepository messages,
            MerchantConfigService merchantConfig, DispatcherMetrics metrics) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.messages = messages;
        this.merchantConfig = merchantConfig;
        this.metrics = metrics;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${gateway.delivery.maintenance-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return deliveries.countPending(pool).invoke(metrics::backlog)
                .flatMap(v -> endpoints.countDisabledByBehaviour(pool)).invoke(metrics::disabledEndpoints)
                .flatMap(v -> messages.knownMerchantsWithOrphans(pool))
                .flatMap(merchants -> Multi.createFrom().iterable(merchants)
                        .onItem().transformToUniAndConcatenate(merchantConfig::adoptOrphans)
                        .collect().asList())
                .replaceWithVoid()
                .onFailure().invoke(e -> {
                    if (!stopping) {
                        LOG.warnf("maintenance failed, retried at the next run: %s", e.getMessage());
                    }
                })
                .onFailure().recoverWithNull();
    }
}
