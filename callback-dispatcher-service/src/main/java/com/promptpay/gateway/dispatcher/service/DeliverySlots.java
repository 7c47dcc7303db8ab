package com.promptpay.gateway.dispatcher.service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promptpay.gateway.dispatcher.Delivery;

/**
 * A worker's capacity, under one lock so that the claim, the intake and ending attempts never overrun a cap between
 * them: attempts in flight (all endpoints, and per endpoint), and leased deliveries waiting in memory for a slot of
 * their endpoint.
 * <p>
 * Waiting lets a burst at one endpoint go out at the pace of the endpoint's answers: a freed slot starts the next
 * delivery at once, where without it every freed slot costs a claim's round trip first. Waiting is bounded per
 * endpoint and overall, and every waiting delivery is leased in the database, so a crash gives it back when its lease
 * runs out. A delivery still waiting at its start-by time is handed back, for the database to give to the next
 * claim. Each endpoint's deliveries start in the order they began to wait, and none overtakes one that waits.
 */
final class DeliverySlots {

    /** What became of a leased delivery offered to the slots. */
    enum Admission {
        /** It holds both slots: run it now. */
        STARTED,
        /** It waits in memory for a slot. */
        WAITING,
        /** No slot and no room to wait: give its lease back. */
        REFUSED
    }

    /** A claimed delivery, leased: if it waits for a slot, it must start by {@code startBy}. */
    record Waiting(Delivery delivery, Instant startBy) {

        String endpointId() {
            return delivery.endpoint().id();
        }
    }

    /** What a change set moving: deliveries that now hold both slots and must run, and those that waited too long. */
    record Moved(List<Waiting> started, List<Waiting> expired) {

        static final Moved NOTHING = new Moved(List.of(), List.of());
    }

    /** An attempt's endpoint slot given back: what it set moving, and whether the endpoint had been at its cap. */
    record Freed(Moved moved, boolean endpointWasFull) {
    }

    /**
     * What a claim may lease: at most {@code limit} rows, none of the {@code saturated} endpoints', and per endpoint
     * at most {@code perEndpoint} counting what it already holds ({@code busy}: in flight and waiting).
     */
    record Room(int limit, Set<String> saturated, Map<String, Integer> busy, int perEndpoint) {
    }

    private final int maxInFlight;
    private final int perEndpoint;
    private final int waitingPerEndpoint;
    private final int maxWaiting;

    private int inFlight;
    private volatile int inFlightNow;
    private final Map<String, Integer> inFlightByEndpoint = new HashMap<>();
    /** Deliveries waiting for a slot, per endpoint in the order they began to wait. */
    private final Map<String, ArrayDeque<Waiting>> waiting = new LinkedHashMap<>();
    private int waitingCount;
    private volatile int waitingNow;

    DeliverySlots(int maxInFlight, int perEndpoint, int waitingPerEndpoint, int maxWaiting) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.perEndpoint = Math.max(1, perEndpoint);
        this.waitingPerEndpoint = Math.max(0, waitingPerEndpoint);
        this.maxWaiting = Math.max(0, maxWaiting);
    }

    int inFlight() {
        return inFlightNow;
    }

    int waiting() {
        return waitingNow;
    }

    /** Takes both slots for a delivery if both caps have room and none of its endpoint's deliveries waits. */
    synchronized boolean tryHold(String endpointId) {
        if (waiting.containsKey(endpointId) || !hasRoom(endpointId)) {
            return false;
        }
        hold(endpointId);
        return true;
    }

    /** A delivery a claim leased: it starts if it can, else waits if there is room and time, else is refused. */
    synchronized Admission admit(Waiting delivery, Instant now) {
        String endpointId = delivery.endpointId();
        if (tryHold(endpointId)) {
            return Admission.STARTED;
        }
        ArrayDeque<Waiting> queue = waiting.get(endpointId);
        if (!delivery.startBy().isAfter(now) || (queue == null ? 0 : queue.size()) >= waitingPerEndpoint
                || waitingCount >= maxWaiting) {
            return Admission.REFUSED;
        }
        waiting.computeIfAbsent(endpointId, id -> new ArrayDeque<>()).addLast(delivery);
        counted(1);
        return Admission.WAITING;
    }

    /** An attempt's HTTP exchange ended: its endpoint slot is free. */
    synchronized Freed endpointDone(String endpointId, Instant now) {
        int before = inFlightByEndpoint.getOrDefault(endpointId, 0);
        inFlightByEndpoint.computeIfPresent(endpointId, (id, count) -> count <= 1 ? null : count - 1);
        return new Freed(moveWaiting(now), before >= perEndpoint);
    }

    /** An attempt's outcome is written (or it never ran): its global slot is free. */
    synchronized Moved attemptDone(Instant now) {
        inFlight--;
        inFlightNow = inFlight;
        return moveWaiting(now);
    }

    /** Hands back what waited past its start-by time (the poll calls this, so nothing waits unseen). */
    synchronized Moved expire(Instant now) {
        return moveWaiting(now);
    }

    /** Drops the deliveries waiting for an endpoint (it was disabled, and they were failed with it). */
    synchronized List<Waiting> forget(String endpointId) {
        ArrayDeque<Waiting> dropped = waiting.remove(endpointId);
        if (dropped == null) {
            return List.of();
        }
        counted(-dropped.size());
        return List.copyOf(dropped);
    }

    /** Everything waiting, taken out (the worker stops and hands their leases back). */
    synchronized List<Waiting> drain() {
        List<Waiting> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        counted(-all.size());
        return all;
    }

    /** What the next claim may lease, at most {@code batch} rows. */
    synchronized Room room(int batch) {
        int free = Math.max(0, maxInFlight - inFlight) + Math.max(0, maxWaiting - waitingCount);
        int perEndpointHeld = perEndpoint + waitingPerEndpoint;
        Map<String, Integer> busy = new HashMap<>(inFlightByEndpoint);
        waiting.forEach((endpointId, queue) -> busy.merge(endpointId, queue.size(), Integer::sum));
        Set<String> saturated = new HashSet<>();
        busy.forEach((endpointId, count) -> {
            if (count >= perEndpointHeld) {
                saturated.add(endpointId);
            }
        });
        return new Room(Math.min(batch, free), saturated, busy, perEndpointHeld);
    }

    /** Starts waiting deliveries whose slots are free, oldest first per endpoint, and takes out the expired. */
    private Moved moveWaiting(Instant now) {
        if (waiting.isEmpty()) {
            return Moved.NOTHING;
        }
        List<Waiting> started = new ArrayList<>();
        List<Waiting> expired = new ArrayList<>();
        for (Iterator<Map.Entry<String, ArrayDeque<Waiting>>> endpoints = waiting.entrySet().iterator(); endpoints.hasNext();) {
            Map.Entry<String, ArrayDeque<Waiting>> endpoint = endpoints.next();
            ArrayDeque<Waiting> queue = endpoint.getValue();
            while (!queue.isEmpty()) {
                Waiting next = queue.peekFirst();
                if (!next.startBy().isAfter(now)) {
                    expired.add(queue.pollFirst());
                } else if (hasRoom(endpoint.getKey())) {
                    hold(endpoint.getKey());
                    started.add(queue.pollFirst());
                } else {
                    break;
                }
                counted(-1);
            }
            if (queue.isEmpty()) {
                endpoints.remove();
            }
        }
        return started.isEmpty() && expired.isEmpty() ? Moved.NOTHING : new Moved(started, expired);
    }

    private void counted(int change) {
        waitingCount += change;
        waitingNow = waitingCount;
    }

    private boolean hasRoom(String endpointId) {
        return inFlight < maxInFlight && inFlightByEndpoint.getOrDefault(endpointId, 0) < perEndpoint;
    }

    private void hold(String endpointId) {
        inFlight++;
        inFlightNow = inFlight;
        inFlightByEndpoint.merge(endpointId, 1, Integer::sum);
    }
}
