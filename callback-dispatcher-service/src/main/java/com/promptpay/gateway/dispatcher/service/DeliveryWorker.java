package com.promptpay.gateway.dispatcher.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.promptpay.gateway.dispatcher.AttemptResult;
import com.promptpay.gateway.dispatcher.Delivery;
import com.promptpay.gateway.dispatcher.DeliveryStatus;
import com.promptpay.gateway.dispatcher.DisabledReason;
import com.promptpay.gateway.dispatcher.RetrySchedule;
import com.promptpay.gateway.dispatcher.config.DispatcherConfig;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.NewDelivery;
import com.promptpay.gateway.dispatcher.repository.EndpointRepository;
import com.promptpay.gateway.events.PrefixedIds;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Sends due deliveries. Work comes from the database: a short transaction claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} and leases them (pushes {@code next_attempt_at} to the end of the lease), the
 * HTTP call happens outside any transaction, and a second short transaction appends the attempt and moves the
 * delivery on (successes are written many per statement). Woken after every commit that created work, and polled
 * for due retries. A new delivery skips the claim when a slot (or a place to wait for one) is free: the intake
 * reserves it and writes the row already leased to this instance ({@link #reserve}).
 * <p>
 * Isolation: at most {@code max-concurrency} attempts in flight in this instance, at most
 * {@code per-endpoint-concurrency} to one endpoint; the claim skips endpoints that are at their cap, so a slow or
 * dead endpoint holds a few slots and the rest keep flowing. Beyond what is in flight, at most
 * {@code waiting-per-endpoint} leased deliveries per endpoint wait in memory for a slot, each for at most
 * {@code max-wait} ({@link DeliverySlots}): a burst at one endpoint goes out as fast as it answers, not one claim
 * per freed slot.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final long MAX_RETRY_TIMER_MILLIS = 60_000;
    private static final int SUCCESS_BATCH = 200;

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final AttemptSender sender;
    private final DispatcherMetrics metrics;
    private final RetrySchedule schedule;
    private final int claimBatch;
    private final long leaseMillis;
    private final Duration disableAfter;

    private final Vertx vertx;
    private final long pollMillis;
    private long pollTimer = -1;

    private final DeliverySlots slots;
    /** How long after its lease begins a delivery may still start: its attempt must end well inside the lease. */
    private final Duration startWithin;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final Queue<PendingSuccess> successes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** The last claim may have left due work behind (it took a full batch, or no worker was free). */
    private volatile boolean workLeftBehind;
    private volatile boolean stopped;

    private final DeliveryTraces traces;

    public DeliveryWorker(Pool pool, DeliveryRepository deliveries, EndpointRepository endpoints, AttemptSender sender,
            DispatcherMetrics metrics, DispatcherConfig config, Vertx vertx, DeliveryTraces traces) {
        this.traces = traces;
        this.pool = pool;
        this.vertx = vertx;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.sender = sender;
        this.metrics = metrics;
        DispatcherConfig.Delivery delivery = config.delivery();
        this.schedule = delivery.schedule();
        int maxConcurrency = Math.max(1, delivery.maxConcurrency());
        this.claimBatch = Math.max(1, delivery.claimBatch());
        this.leaseMillis = delivery.lease().toMillis();
        this.disableAfter = delivery.disableAfter();
        this.pollMillis = Math.max(10, delivery.pollInterval().toMillis());
        if (delivery.lease().compareTo(delivery.timeout().plusSeconds(5)) < 0) {
            LOG.warnf("gateway.delivery.lease (%s) should exceed the timeout (%s) by a margin, or slow attempts are sent twice",
                    delivery.lease(), delivery.timeout());
        }
        Duration leaseMargin = delivery.lease().minus(delivery.timeout()).minusSeconds(5);
        this.startWithin = leaseMargin.compareTo(delivery.maxWait()) < 0 ? leaseMargin : delivery.maxWait();
        // Without time to wait inside the lease, nothing waits: a claim would lease rows only to hand them back.
        int waitingPerEndpoint = !startWithin.isNegative() && !startWithin.isZero() ? delivery.waitingPerEndpoint() : 0;
        this.slots = new DeliverySlots(maxConcurrency, delivery.perEndpointConcurrency(), waitingPerEndpoint, maxConcurrency);
        metrics.inFlight(slots::inFlight);
        metrics.waiting(slots::waiting);
    }

    /** Look for due deliveries now. Never blocks; at most one claim runs at a time in this instance. */
    public void wakeUp() {
        wanted.set(true);
        if (!stopped && claiming.compareAndSet(false, true)) {
            claimRound();
        }
    }

    /** Polls for due retries (and deliveries whose lease ran out) with a Vert.x timer: sub-second periods work. */
    void start(@Observes StartupEvent event) {
        pollTimer = vertx.setPeriodic(pollMillis, pollMillis, id -> onDuplicatedContext(() -> {
            carryOut(slots.expire(Instant.now()));
            wakeUp();
        }));
    }

    /** What waits in memory goes back to the database at once, for another instance, rather than when its lease ends. */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        giveBack(slots.drain().stream().map(DeliverySlots.Waiting::delivery).toList());
    }

    /** Also wakes up when a retry this instance scheduled is due, so a short wait is not rounded up to the poll. */
    private void wakeUpAt(Instant due) {
        long wait = Duration.between(Instant.now(), due).toMillis();
        if (wait < MAX_RETRY_TIMER_MILLIS) {
            vertx.setTimer(Math.max(1, wait), id -> onDuplicatedContext(this::wakeUp));
        }
    }

    /**
     * Timers run on the event loop's own context, where Quarkus' MDC hands every call a new duplicated context: the
     * attempts they started logged without intent and trace ids. Their work runs on one duplicated context instead.
     */
    private void onDuplicatedContext(Runnable work) {
        VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext()).runOnContext(ignored -> work.run());
    }

    private void claimRound() {
        wanted.set(false);
        DeliverySlots.Room room = slots.room(claimBatch);
        if (room.limit() <= 0) {
            workLeftBehind = true;
            release();
            return;
        }
        Instant leasedFrom = Instant.now();
        claim(room).subscribe().with(claim -> {
            List<Delivery> noSlot = new ArrayList<>();
            Instant now = Instant.now();
            for (Delivery delivery : claim.leased()) {
                DeliverySlots.Waiting offered = new DeliverySlots.Waiting(delivery, leasedFrom.plus(startWithin),
                        DispatcherMetrics.VIA_CLAIM);
                switch (slots.admit(offered, now)) {
                    case STARTED -> start(offered);
                    case WAITING -> {
                    }
                    case REFUSED -> noSlot.add(delivery);
                }
            }
            boolean fullBatch = claim.candidates() == room.limit();
            slots.claimed(room, claim.leased().stream().collect(Collectors.groupingBy(d -> d.endpoint().id(),
                    Collectors.summingInt(d -> 1))), !fullBatch);
            // Rows of endpoints at their cap are left for later: a slot opening there wakes the claim (endpointFinished).
            // The claim sized each endpoint's share from the slots in use when it started; attempts that ended while it
            // ran freed slots it did not fill, without waking it. So rows it left behind for a cap are looked at again
            // whenever an attempt ends, not at the next poll.
            boolean leftAtCap = claim.candidates() > claim.leased().size() + claim.failedWithoutAttempt();
            workLeftBehind = fullBatch || leftAtCap || !noSlot.isEmpty();
            giveBack(noSlot);
            if (fullBatch && claim.progressed() || wanted.get()) {
                claimRound();
            } else {
                release();
            }
        }, failure -> {
            // No immediate retry (a database that is down would make it spin): the next poll tries again.
            LOG.warnf("claiming deliveries failed, the next poll retries: %s", failure.getMessage());
            claiming.set(false);
        });
    }

    private void release() {
        claiming.set(false);
        if (wanted.get() && !stopped && claiming.compareAndSet(false, true)) {
            claimRound(); // woken between our last look and the release
        }
    }

    private record Claim(List<Delivery> leased, int candidates, int failedWithoutAttempt) {
        boolean progressed() {
            return !leased.isEmpty() || failedWithoutAttempt > 0;
        }
    }

    /**
     * One short transaction: claim and lease due deliveries; those whose endpoint was disabled meanwhile fail
     * without an attempt. The commit does not wait for the WAL flush: were the lease lost in a database crash,
     * the delivery would just be claimed again.
     */
    private Uni<Claim> claim(DeliverySlots.Room room) {
        String token = PrefixedIds.next("lease");
        Instant now = Instant.now();
        return pool.withTransaction(transaction -> deliveries.relaxDurability(transaction)
                .flatMap(v -> deliveries.claim(transaction, room.limit(), room.saturated(), room.busy(), room.perEndpoint(),
                        token, leaseMillis))
                .flatMap(claim -> {
                    List<Delivery> sendable = claim.leased().stream().filter(d -> d.endpoint().enabled()).toList();
                    List<String> disabled = claim.leased().stream().filter(d -> !d.endpoint().enabled()).map(Delivery::id)
                            .toList();
                    Uni<Integer> failed = disabled.isEmpty() ? Uni.createFrom().item(0)
                            : deliveries.failWithoutAttempt(transaction, disabled, "endpoint disabled", now);
                    return failed.map(count -> new Claim(sendable, claim.candidates(), count));
                }))
                .invoke(claim -> metrics.failed(claim.failedWithoutAttempt()));
    }

    /** Runs a leased delivery that holds both slots. */
    private void start(DeliverySlots.Waiting delivery) {
        metrics.attemptStarted(delivery.via());
        run(delivery.delivery());
    }

    /** Starts what a freed slot let go, and hands back what waited too long. */
    private void carryOut(DeliverySlots.Moved moved) {
        moved.started().forEach(this::start);
        giveBack(moved.expired().stream().map(DeliverySlots.Waiting::delivery).toList());
    }

    /**
     * Leased rows that cannot be sent now (no slot and no room to wait, or they waited too long) go back at once
     * rather than when their lease runs out; the claim takes them again. Rows of several leases go back together.
     */
    private void giveBack(List<Delivery> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        Map<String, List<String>> idsByLease = claimed.stream().collect(Collectors.groupingBy(Delivery::leaseToken,
                Collectors.mapping(Delivery::id, Collectors.toList())));
        Uni.join().all(idsByLease.entrySet().stream()
                .map(lease -> deliveries.releaseLeases(pool, lease.getValue(), lease.getKey())).toList())
                .andCollectFailures()
                .subscribe().with(released -> wakeUp(), failure -> LOG.warnf(
                        "could not give back %d claimed deliveries, their lease runs out instead: %s", claimed.size(),
                        failure.getMessage()));
    }

    /**
     * Takes worker slots, within both caps, for deliveries the intake is about to write, so that it can write them
     * already leased and have them sent right after its commit, without a claim; where the endpoint has no free slot,
     * a place to wait for one ({@link DeliverySlots#reserve}).
     *
     * @return the deliveries that got slots or places, each to go to {@link #sendReserved} or back through
     *         {@link #cancelReserved}, and the lease to write them with
     */
    public Reservation reserve(List<NewDelivery> deliveries) {
        List<NewDelivery> granted = new ArrayList<>();
        Set<String> waiting = new HashSet<>();
        Set<String> leftUnleased = new HashSet<>();
        Instant leasedFrom = Instant.now();
        for (NewDelivery delivery : deliveries) {
            if (stopped || !delivery.endpointEnabled()) {
                continue;
            }
            switch (slots.reserve(delivery.endpointId())) {
                case SLOT -> granted.add(delivery);
                case PLACE -> {
                    granted.add(delivery);
                    waiting.add(delivery.id());
                }
                case NONE -> leftUnleased.add(delivery.endpointId());
            }
        }
        return new Reservation(granted, waiting, leftUnleased, granted.isEmpty() ? null : PrefixedIds.next("lease"),
                leaseMillis, leasedFrom.plus(startWithin));
    }

    /**
     * Slots or places ({@code waiting}: the ids that hold a place) for new deliveries, the endpoints whose new
     * deliveries got neither, the lease to write them with, and when those that wait must have started.
     */
    public record Reservation(List<NewDelivery> deliveries, Set<String> waiting, Set<String> leftUnleased, String token,
            long leaseMillis, Instant startBy) {

        public Set<String> ids() {
            return deliveries.stream().map(NewDelivery::id).collect(Collectors.toSet());
        }
    }

    /** A delivery the intake wrote leased: runs on the slots {@link #reserve} took for it, or waits in its place. */
    public void sendReserved(Delivery delivery, Reservation reservation) {
        if (reservation.waiting().contains(delivery.id())) {
            carryOut(slots.enqueue(new DeliverySlots.Waiting(delivery, reservation.startBy(), DispatcherMetrics.VIA_INTAKE),
                    Instant.now()));
            return;
        }
        metrics.attemptStarted(DispatcherMetrics.VIA_INTAKE);
        run(delivery);
    }

    /**
     * After the intake's commit, for what it wrote unleased: the claim takes it, and until a claim has found none
     * left, new deliveries of those endpoints do not overtake it.
     */
    public void leftForTheClaim(Reservation reservation) {
        slots.leftUnleased(reservation.leftUnleased());
        wakeUp();
    }

    /** Gives back the slots or place of a reserved delivery that was not written leased (its transaction failed). */
    public void cancelReserved(NewDelivery delivery, Reservation reservation) {
        if (reservation.waiting().contains(delivery.id())) {
            slots.cancelPlace(delivery.endpointId());
            return;
        }
        carryOut(slots.attemptDone(Instant.now()));
        endpointFinished(delivery.endpointId());
    }

    /**
     * Runs one attempt on slots already held. The endpoint's slot is held for the HTTP exchange (the cap protects
     * the merchant and the other merchants from it); the global slot until the outcome is written (it bounds what
     * waits in memory).
     */
    private void run(Delivery delivery) {
        String endpointId = delivery.endpoint().id();
        AtomicBoolean endpointReleased = new AtomicBoolean();
        Runnable releaseEndpoint = () -> {
            if (endpointReleased.compareAndSet(false, true)) {
                endpointFinished(endpointId);
            }
        };
        io.opentelemetry.api.trace.Span span = traces.start(delivery);
        sender.attempt(delivery)
                .invoke(result -> traces.finish(span, delivery, result))
                .invoke(releaseEndpoint)
                .flatMap(result -> record(delivery, result))
                .onTermination().invoke(() -> {
                    releaseEndpoint.run();
                    carryOut(slots.attemptDone(Instant.now()));
                    if (workLeftBehind) {
                        wakeUp();
                    }
                })
                .subscribe().with(ignored -> {
                }, failure -> LOG.errorf(failure, "delivery %s: unexpected failure", delivery.id()));
    }

    private void endpointFinished(String endpointId) {
        DeliverySlots.Freed freed = slots.endpointDone(endpointId, Instant.now());
        carryOut(freed.moved());
        // A slot of a saturated endpoint opened: the claim skipped its due deliveries, so look again.
        if (freed.endpointWasFull() || workLeftBehind) {
            wakeUp();
        }
    }

    private record PendingSuccess(DeliveryRepository.Success success, Instant at, UniEmitter<? super Void> done) {
    }

    /**
     * Writes queued successes, many per statement: while one batch is being committed the next one gathers, so
     * under load one commit serves many deliveries and with a single success there is no added wait. Each attempt
     * keeps its worker slot until its success is written.
     */
    private void flushSuccesses() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        List<PendingSuccess> batch = new ArrayList<>();
        PendingSuccess next;
        while (batch.size() < SUCCESS_BATCH && (next = successes.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            flushing.set(false);
            if (!successes.isEmpty()) {
                flushSuccesses(); // queued between our poll and the release
            }
            return;
        }
        List<DeliveryRepository.Success> written = batch.stream().map(PendingSuccess::success).toList();
        pool.withTransaction(transaction -> deliveries.relaxDurability(transaction)
                .flatMap(v -> deliveries.recordSuccesses(transaction, written)))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .subscribe().with(first -> {
                    for (PendingSuccess pending : batch) {
                        Delivery delivery = pending.success().delivery();
                        if (first.contains(delivery.id())) {
                            metrics.delivered(Duration.between(delivery.eventOccurredAt(), pending.at()));
                        }
                        pending.done().complete(null);
                    }
                    flushing.set(false);
                    flushSuccesses();
                }, failure -> {
                    batch.forEach(pending -> pending.done().fail(failure));
                    flushing.set(false);
                    flushSuccesses();
                });
    }

    /** Appends the attempt and moves the delivery on; retried a few times, else the lease runs out and it is sent again. */
    Uni<Void> record(Delivery delivery, AttemptResult result) {
        metrics.attempt(result.outcome());
        Instant now = Instant.now();
        Delivery.Next next = delivery.afterAttempt(result, schedule, now, ThreadLocalRandom.current()::nextDouble);
        String attemptId = PrefixedIds.next("atmpt");
        Uni<Void> write;
        if (next instanceof Delivery.Succeeded) {
            write = Uni.createFrom().emitter(done -> {
                successes.add(new PendingSuccess(new DeliveryRepository.Success(attemptId, delivery, result), now, done));
                flushSuccesses();
            });
        } else {
            Instant retryAt = next instanceof Delivery.RetryAt retry ? retry.at() : null;
            String endpointId = delivery.endpoint().id();
            write = pool.withTransaction(transaction -> deliveries.appendAttempt(transaction, delivery, attemptId, result)
                    .flatMap(v -> deliveries.recordFailure(transaction, delivery, result, retryAt))
                    .invoke(status -> status.filter(DeliveryStatus.FAILED::equals).ifPresent(s -> metrics.failed(1)))
                    .flatMap(status -> endpoints.recordFailure(transaction, endpointId, now))
                    .flatMap(streak -> {
                        DisabledReason reason = next instanceof Delivery.EndpointGone ? DisabledReason.GONE
                                : streak.enabled() && Delivery.failingTooLong(streak.failingSince(), now, disableAfter)
                                        ? DisabledReason.FAILING : null;
                        if (reason == null) {
                            return Uni.createFrom().voidItem();
                        }
                        return endpoints.disable(transaction, endpointId, reason, now).flatMap(disabled -> {
                            if (!disabled) {
                                return Uni.createFrom().voidItem();
                            }
                            LOG.warnf("endpoint %s of merchant %s disabled: %s", endpointId, delivery.merchantId(),
                                    reason.wireName());
                            slots.forget(endpointId); // failed with the endpoint below
                            return deliveries.failPendingForEndpoint(transaction, endpointId,
                                    "endpoint disabled: " + reason.wireName(), now)
                                    .invoke(metrics::failed).replaceWithVoid();
                        });
                    }));
            if (retryAt != null) {
                write = write.invoke(() -> wakeUpAt(retryAt));
            }
        }
        if (!(next instanceof Delivery.Succeeded)) {
            write = write.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
        }
        return write
                .onFailure().invoke(e -> LOG.errorf("could not record the attempt of %s (its lease will run out and it "
                        + "will be sent again): %s", delivery.id(), e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
