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
 * delivery at once, where without it every freed slot costs a claim's round trip first. The intake writes a new
 * delivery leased if it gets a slot or a place to wait; the claim leases rows into the same places. Waiting is bounded
 * per endpoint and overall, and every waiting delivery is leased in the database, so a crash gives it back when its
 * lease runs out. A delivery still waiting at its start-by time is handed back, for the database to give to the next
 * claim.
 * <p>
 * Order per endpoint: deliveries start in the order they began to wait, and a new delivery gets neither slot nor
 * place while older ones wait, or while the intake has left older ones unleased in the database for lack of room
 * (until a claim finds none left).
 */
final class DeliverySlots {

    /** What the intake may do with a new delivery. */
    enum Reserved {
        /** It holds both slots: write it leased and run it after the commit. */
        SLOT,
        /** It holds a place to wait: write it leased and {@link #enqueue} it after the commit. */
        PLACE,
        /** Write it unleased: a claim takes it. */
        NONE
    }

    /** What became of a leased delivery offered to the slots. */
    enum Admission {
        /** It holds both slots: run it now. */
        STARTED,
        /** It waits in memory for a slot. */
        WAITING,
        /** No slot and no room to wait: give its lease back. */
        REFUSED
    }

    /** A leased delivery: if it waits for a slot, it must start by {@code startBy}; {@code via}: who leased it. */
    record Waiting(Delivery delivery, Instant startBy, String via) {

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
     * at most {@code perEndpoint} counting what it already holds ({@code busy}: in flight and waiting). {@code mark}:
     * the last time rows were left in the database before the claim began.
     */
    record Room(int limit, Set<String> saturated, Map<String, Integer> busy, int perEndpoint, long mark) {
    }

    private final int maxInFlight;
    private final int perEndpoint;
    private final int waitingPerEndpoint;
    private final int maxWaiting;

    /** Written under the lock; volatile so that the gauges read it without. */
    private volatile int inFlight;
    private final Map<String, Integer> inFlightByEndpoint = new HashMap<>();
    /** Deliveries waiting for a slot, per endpoint in the order they began to wait. */
    private final Map<String, ArrayDeque<Waiting>> waiting = new LinkedHashMap<>();
    /** Places the intake holds for deliveries it is writing leased, per endpoint. */
    private final Map<String, Integer> promised = new HashMap<>();
    /** Waiting and promised, in all. */
    private volatile int waitingCount;
    /**
     * Endpoints the intake wrote due rows for unleased, for lack of room: new deliveries must not overtake them. Each
     * with the mark of the last time, so that only a claim that began after it can clear it.
     */
    private final Map<String, Long> leftInDatabase = new HashMap<>();
    private long marks;

    DeliverySlots(int maxInFlight, int perEndpoint, int waitingPerEndpoint, int maxWaiting) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.perEndpoint = Math.max(1, perEndpoint);
        this.waitingPerEndpoint = Math.max(0, waitingPerEndpoint);
        this.maxWaiting = Math.max(0, maxWaiting);
    }

    int inFlight() {
        return inFlight;
    }

    int waiting() {
        return waitingCount;
    }

    /** A new delivery, about to be written by the intake: a slot if one is free, else a place to wait, else none. */
    synchronized Reserved reserve(String endpointId) {
        if (!leftInDatabase.containsKey(endpointId)) {
            if (!waiting.containsKey(endpointId) && !promised.containsKey(endpointId) && hasRoom(endpointId)) {
                hold(endpointId);
                return Reserved.SLOT;
            }
            if (hasPlace(endpointId)) {
                promised.merge(endpointId, 1, Integer::sum);
                counted(1);
                return Reserved.PLACE;
            }
        }
        leftInDatabase.put(endpointId, ++marks);
        return Reserved.NONE;
    }

    /** The intake committed due rows unleased for these endpoints: a claim must begin after this to find them. */
    synchronized void leftUnleased(Set<String> endpointIds) {
        endpointIds.forEach(endpointId -> leftInDatabase.put(endpointId, ++marks));
    }

    /** The intake's delivery, now written leased, takes up the place {@link #reserve} promised it. */
    synchronized Moved enqueue(Waiting delivery, Instant now) {
        unpromise(delivery.endpointId());
        waiting.computeIfAbsent(delivery.endpointId(), id -> new ArrayDeque<>()).addLast(delivery);
        return moveWaiting(now);
    }

    /** A place {@link #reserve} promised and no delivery will take (the intake's transaction failed). */
    synchronized void cancelPlace(String endpointId) {
        unpromise(endpointId);
        counted(-1);
    }

    /** A delivery a claim leased: it starts if it can, else waits if there is room and time, else is refused. */
    synchronized Admission admit(Waiting delivery, Instant now) {
        String endpointId = delivery.endpointId();
        if (!waiting.containsKey(endpointId) && hasRoom(endpointId)) {
            hold(endpointId);
            return Admission.STARTED;
        }
        if (!delivery.startBy().isAfter(now) || !hasPlace(endpointId)) {
            return Admission.REFUSED;
        }
        waiting.computeIfAbsent(endpointId, id -> new ArrayDeque<>()).addLast(delivery);
        counted(1);
        return Admission.WAITING;
    }

    /**
     * A claim over {@code room} leased {@code leased} rows per endpoint. Where it began after the rows were left,
     * took fewer than it had room for, and no limit cut it short ({@code complete}), the endpoint has no due rows
     * left in the database: new deliveries may take slots and places again.
     */
    synchronized void claimed(Room room, Map<String, Integer> leased, boolean complete) {
        if (!complete) {
            return;
        }
        leftInDatabase.entrySet().removeIf(left -> left.getValue() <= room.mark()
                && !room.saturated().contains(left.getKey())
                && leased.getOrDefault(left.getKey(), 0) < room.perEndpoint() - room.busy().getOrDefault(left.getKey(), 0));
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
        return moveWaiting(now);
    }

    /** Hands back what waited past its start-by time (the poll calls this, so nothing waits unseen). */
    synchronized Moved expire(Instant now) {
        return moveWaiting(now);
    }

    /** Drops the deliveries waiting for an endpoint (it was disabled, and they were failed with it). */
    synchronized List<Waiting> forget(String endpointId) {
        leftInDatabase.remove(endpointId);
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
        promised.forEach((endpointId, count) -> busy.merge(endpointId, count, Integer::sum));
        Set<String> saturated = new HashSet<>();
        busy.forEach((endpointId, count) -> {
            if (count >= perEndpointHeld) {
                saturated.add(endpointId);
            }
        });
        return new Room(Math.min(batch, free), saturated, busy, perEndpointHeld, marks);
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

    private boolean hasPlace(String endpointId) {
        ArrayDeque<Waiting> queue = waiting.get(endpointId);
        int held = (queue == null ? 0 : queue.size()) + promised.getOrDefault(endpointId, 0);
        return held < waitingPerEndpoint && waitingCount < maxWaiting;
    }

    private void unpromise(String endpointId) {
        promised.computeIfPresent(endpointId, (id, count) -> count <= 1 ? null : count - 1);
    }

    private void counted(int change) {
        waitingCount += change;
    }

    private boolean hasRoom(String endpointId) {
        return inFlight < maxInFlight && inFlightByEndpoint.getOrDefault(endpointId, 0) < perEndpoint;
    }

    private void hold(String endpointId) {
        inFlight++;
        inFlightByEndpoint.merge(endpointId, 1, Integer::sum);
    }
}
