package com.promptpay.gateway.intent.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.intent.repository.OutboxRepository;
import com.promptpay.gateway.intent.repository.OutboxRepository.OutboxEvent;
import com.promptpay.gateway.intent.service.PaymentTraces;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes committed outbox rows to Kafka (acks=all, idempotent producer) and marks them published.
 * Woken right after each commit, so the happy path has no polling delay; the sweep every second picks up
 * whatever a crash between commit and publish left behind. A row is marked only after Kafka acknowledged
 * it: a crash in between publishes it again, which consumers absorb (they de-duplicate on the event id). For the
 * same reason the mark's commit does not wait for the WAL flush: a database crash that loses it publishes again.
 * Sweeps wait for the application to have started: before that, the emitter's channel is not yet wired.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final Pool pool;
    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final io.micrometer.core.instrument.Timer publishLag;
    private final Counter published;
    private final Counter publishFailures;
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wokenWhileDraining = new AtomicBoolean();

    private final PaymentTraces traces;

    public OutboxRelay(Pool pool, OutboxRepository outbox, @Channel("outbox") MutinyEmitter<String> emitter,
            MeterRegistry metrics, PaymentTraces traces) {
        this.traces = traces;
        this.pool = pool;
        this.outbox = outbox;
        this.emitter = emitter;
        this.publishLag = io.micrometer.core.instrument.Timer.builder("gateway.outbox.publish.lag")
                .description("From the commit of an event to Kafka's acknowledgement of it")
                .publishPercentileHistogram().register(metrics);
        metrics.gauge("gateway.outbox.backlog", backlog);
        // Registered now rather than on first use: present at zero, so a rate over them is defined from the start.
        this.published = Counter.builder("gateway.outbox.published").description("Outbox rows acknowledged by Kafka")
                .register(metrics);
        this.publishFailures = Counter.builder("gateway.outbox.publish.failures")
                .description("Drains that failed and were left to the next sweep").register(metrics);
    }

    /** Called after a commit that appended events. Never blocks; at most one drain runs per instance. */
    public void wakeUp() {
        wokenWhileDraining.set(true);
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    @Scheduled(every = "${gateway.outbox.sweep-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        wakeUp();
    }

    /** Rows committed but not yet acknowledged by Kafka: grows while the broker is away. */
    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measureBacklog() {
        return outbox.backlog(pool).invoke(backlog::set).replaceWithVoid();
    }

    private void drain() {
        wokenWhileDraining.set(false);
        publishBatch().subscribe().with(published -> {
            if (published == BATCH || wokenWhileDraining.get()) {
                drain();
            } else {
                draining.set(false);
                if (wokenWhileDraining.get() && draining.compareAndSet(false, true)) {
                    drain(); // woken between our last check and the release
                }
            }
        }, failure -> {
            LOG.warnf("outbox relay: publish failed, the sweep retries: %s", failure.getMessage());
            publishFailures.increment();
            draining.set(false);
        });
    }

    Uni<Integer> publishBatch() {
        return pool.withTransaction(transaction -> outbox.claim(transaction, BATCH).flatMap(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> sends = batch.stream().map(this::send).toList();
            // The next batch waits for this commit, so it does not also wait for a flush a stalled disk delays.
            return Uni.join().all(sends).andFailFast()
                    .flatMap(acked -> outbox.relaxDurability(transaction))
                    .flatMap(relaxed -> outbox.markPublished(transaction, batch.stream().map(OutboxEvent::seq).toList(),
                            Instant.now()))
                    .invoke(() -> {
                        Instant now = Instant.now();
                        published.increment(batch.size());
                        batch.forEach(event -> publishLag.record(java.time.Duration.between(event.createdAt(), now)));
                    })
                    .replaceWith(batch.size());
        }));
    }

    private Uni<Void> send(OutboxEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventEnvelope.EVENT_ID_HEADER, event.id().getBytes(StandardCharsets.UTF_8));
        headers.add(EventEnvelope.EVENT_TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(event.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(event.key())
                .withHeaders(headers)
                .build())
                // The record's producer span (and its traceparent header) continues the trace that wrote the row.
                .addMetadata(TracingMetadata.withCurrent(traces.contextOf(event.traceParent())));
        return emitter.sendMessage(message).ifNoItem().after(ACK_TIMEOUT).fail();
    }
}
