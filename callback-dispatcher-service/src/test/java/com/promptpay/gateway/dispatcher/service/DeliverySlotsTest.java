package com.promptpay.gateway.dispatcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.Delivery;
import com.promptpay.gateway.dispatcher.WebhookFormat;
import com.promptpay.gateway.dispatcher.service.DeliverySlots.Admission;
import com.promptpay.gateway.dispatcher.service.DeliverySlots.Reserved;
import com.promptpay.gateway.dispatcher.service.DeliverySlots.Waiting;

/** The worker's caps, and what waits for them: no cap is overrun, the oldest goes first, nothing waits too long. */
class DeliverySlotsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(5);

    @Test
    void anEndpointAtItsCapHasTheNextDeliveriesWaitUpToItsRoom() {
        DeliverySlots slots = new DeliverySlots(64, 4, 3, 64);

        List<Admission> admitted = IntStream.range(0, 8)
                .mapToObj(i -> slots.admit(claimed("d" + i, "ep_a"), NOW)).toList();

        assertEquals(List.of(Admission.STARTED, Admission.STARTED, Admission.STARTED, Admission.STARTED,
                Admission.WAITING, Admission.WAITING, Admission.WAITING, Admission.REFUSED), admitted);
        assertEquals(4, slots.inFlight());
        assertEquals(3, slots.waiting());
        assertEquals(Reserved.SLOT, slots.reserve("ep_b"), "another endpoint has its own cap");
    }

    @Test
    void aFreedSlotGoesToTheWaitingDeliveryNotToTheIntake() {
        DeliverySlots slots = new DeliverySlots(64, 1, 2, 64);
        assertEquals(Reserved.SLOT, slots.reserve("ep_a"));
        assertEquals(Admission.WAITING, slots.admit(claimed("old", "ep_a"), NOW));

        DeliverySlots.Freed freed = slots.endpointDone("ep_a", NOW);
        assertTrue(freed.endpointWasFull());
        assertEquals(List.of("old"), ids(freed.moved().started()));
        assertEquals(Reserved.PLACE, slots.reserve("ep_a"), "the freed slot went to the waiting delivery");
        assertEquals(2, slots.inFlight(), "the first attempt keeps its global slot until its outcome is written");
    }

    @Test
    void aFreedSlotStartsTheOldestWaitingDeliveryOfItsEndpoint() {
        DeliverySlots slots = new DeliverySlots(64, 2, 4, 64);
        for (String id : List.of("a1", "a2", "a3", "a4", "a5")) {
            slots.admit(claimed(id, "ep_a"), NOW);
        }

        assertEquals(List.of("a3"), ids(slots.endpointDone("ep_a", NOW).moved().started()));
        assertEquals(List.of("a4"), ids(slots.endpointDone("ep_a", NOW).moved().started()));
        assertEquals(List.of("a5"), ids(slots.endpointDone("ep_a", NOW).moved().started()));
        assertEquals(List.of(), ids(slots.endpointDone("ep_a", NOW).moved().started()));
        assertEquals(0, slots.waiting());
    }

    @Test
    void aDeliveryWaitingOnTheGlobalCapStartsWhenAnyAttemptEnds() {
        DeliverySlots slots = new DeliverySlots(2, 4, 4, 8);
        slots.admit(claimed("a1", "ep_a"), NOW);
        slots.admit(claimed("a2", "ep_a"), NOW);
        assertEquals(Admission.WAITING, slots.admit(claimed("b1", "ep_b"), NOW));

        assertEquals(List.of(), ids(slots.endpointDone("ep_a", NOW).moved().started()),
                "the endpoint slot alone is not enough: the global one is held until the outcome is written");
        assertEquals(List.of("b1"), ids(slots.attemptDone(NOW).started()));
        assertEquals(2, slots.inFlight());
    }

    @Test
    void aDeliveryPastItsStartByTimeIsHandedBackNotStarted() {
        DeliverySlots slots = new DeliverySlots(64, 1, 4, 64);
        slots.reserve("ep_a");
        slots.admit(claimed("a1", "ep_a"), NOW);
        assertEquals(Admission.REFUSED, slots.admit(new Waiting(delivery("late", "ep_a"), NOW, "claim"), NOW),
                "no time left to wait");

        DeliverySlots.Moved moved = slots.expire(LATER);

        assertEquals(List.of("a1"), ids(moved.expired()));
        assertEquals(List.of(), ids(moved.started()));
        assertEquals(0, slots.waiting());
        assertEquals(List.of(), ids(slots.endpointDone("ep_a", LATER).moved().started()));
    }

    @Test
    void theClaimIsToldWhatEachEndpointHoldsWaitingIncluded() {
        DeliverySlots slots = new DeliverySlots(10, 2, 3, 4);
        for (int i = 0; i < 5; i++) {
            slots.admit(claimed("a" + i, "ep_a"), NOW);
        }
        slots.admit(claimed("b0", "ep_b"), NOW);

        DeliverySlots.Room room = slots.room(100);

        assertEquals(Map.of("ep_a", 5, "ep_b", 1), room.busy());
        assertEquals(Set.of("ep_a"), room.saturated());
        assertEquals(5, room.perEndpoint(), "in flight plus waiting, per endpoint");
        assertEquals((10 - 3) + (4 - 3), room.limit(), "free global slots plus room to wait");
        assertEquals(2, slots.room(2).limit());
    }

    @Test
    void withoutRoomToWaitAClaimedDeliveryWithoutASlotIsRefused() {
        DeliverySlots slots = new DeliverySlots(64, 1, 0, 0);
        assertEquals(Admission.STARTED, slots.admit(claimed("a1", "ep_a"), NOW));
        assertEquals(Admission.REFUSED, slots.admit(claimed("a2", "ep_a"), NOW));
        assertEquals(Set.of("ep_a"), slots.room(100).saturated());
    }

    @Test
    void forgettingAnEndpointAndDrainingEmptyTheWait() {
        DeliverySlots slots = new DeliverySlots(64, 1, 4, 64);
        for (String id : List.of("a1", "a2", "a3")) {
            slots.admit(claimed(id, "ep_a"), NOW);
        }
        for (String id : List.of("b1", "b2")) {
            slots.admit(claimed(id, "ep_b"), NOW);
        }

        assertEquals(List.of("a2", "a3"), ids(slots.forget("ep_a")));
        assertEquals(1, slots.waiting());
        assertEquals(List.of("b2"), ids(slots.drain()));
        assertEquals(0, slots.waiting());
        assertEquals(List.of(), ids(slots.endpointDone("ep_b", NOW).moved().started()));
    }

    @Test
    void theIntakeTakesSlotsThenPlacesThenLeavesTheRestToTheClaim() {
        DeliverySlots slots = new DeliverySlots(64, 2, 2, 64);

        List<Reserved> reserved = IntStream.range(0, 5).mapToObj(i -> slots.reserve("ep_a")).toList();

        assertEquals(List.of(Reserved.SLOT, Reserved.SLOT, Reserved.PLACE, Reserved.PLACE, Reserved.NONE), reserved);
        assertEquals(2, slots.waiting(), "places count as waiting from the moment they are promised");
        DeliverySlots.Room room = slots.room(100);
        assertEquals(Map.of("ep_a", 4), room.busy());
        assertEquals(Set.of("ep_a"), room.saturated());
    }

    @Test
    void aPromisedPlaceIsTakenUpAfterTheCommitOrGivenBack() {
        DeliverySlots slots = new DeliverySlots(64, 1, 2, 64);
        slots.reserve("ep_a");
        slots.reserve("ep_a");
        slots.reserve("ep_a");

        slots.cancelPlace("ep_a");
        assertEquals(1, slots.waiting());
        assertEquals(List.of(), ids(slots.enqueue(claimed("a2", "ep_a"), NOW).started()), "the slot is still taken");
        assertEquals(List.of("a2"), ids(slots.endpointDone("ep_a", NOW).moved().started()));
        assertEquals(0, slots.waiting());
    }

    @Test
    void aDeliveryWrittenWithAPlaceStartsAtOnceIfItsSlotFreedDuringTheCommit() {
        DeliverySlots slots = new DeliverySlots(64, 1, 2, 64);
        slots.reserve("ep_a");
        assertEquals(Reserved.PLACE, slots.reserve("ep_a"));
        slots.endpointDone("ep_a", NOW);

        assertEquals(List.of("a2"), ids(slots.enqueue(claimed("a2", "ep_a"), NOW).started()));
    }

    @Test
    void newDeliveriesDoNotOvertakeRowsTheIntakeLeftInTheDatabase() {
        DeliverySlots slots = new DeliverySlots(64, 1, 1, 64);
        slots.reserve("ep_a");
        slots.reserve("ep_a");
        assertEquals(Reserved.NONE, slots.reserve("ep_a"), "no room: written unleased");
        slots.enqueue(claimed("a2", "ep_a"), NOW);
        slots.endpointDone("ep_a", NOW);
        slots.endpointDone("ep_a", NOW);

        assertEquals(Reserved.NONE, slots.reserve("ep_a"), "room again, but an older row is still in the database");
        DeliverySlots.Room full = slots.room(100);
        slots.claimed(full, Map.of("ep_a", 2), true);
        assertEquals(Reserved.NONE, slots.reserve("ep_a"), "the claim took all it had room for: there may be more");
        slots.claimed(full, Map.of("ep_a", 1), false);
        assertEquals(Reserved.NONE, slots.reserve("ep_a"), "a claim cut short by its limit proves nothing");

        DeliverySlots.Room before = slots.room(100);
        slots.leftUnleased(Set.of("ep_a"));
        slots.claimed(before, Map.of(), true);
        assertEquals(Reserved.NONE, slots.reserve("ep_a"), "rows committed after the claim began: it could not see them");

        slots.claimed(slots.room(100), Map.of(), true);
        assertEquals(Reserved.SLOT, slots.reserve("ep_a"), "a claim with room to spare found none left");
        assertEquals(Reserved.SLOT, slots.reserve("ep_b"), "other endpoints never waited");
    }

    private static Waiting claimed(String id, String endpointId) {
        return new Waiting(delivery(id, endpointId), LATER, "claim");
    }

    private static Delivery delivery(String id, String endpointId) {
        return new Delivery(id, "evt_" + id, "payment_intent.succeeded", "mch_1", "pi_1", NOW, 0, 0, "lease_1", "{}",
                null, null, new Delivery.Target(endpointId, "https://merchant.example/hook", WebhookFormat.STANDARD,
                        List.of(), null, true));
    }

    private static List<String> ids(List<Waiting> deliveries) {
        return deliveries.stream().map(waiting -> waiting.delivery().id()).toList();
    }
}
