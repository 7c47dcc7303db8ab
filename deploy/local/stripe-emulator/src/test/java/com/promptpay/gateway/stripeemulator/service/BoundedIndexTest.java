package com.promptpay.gateway.stripeemulator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoundedIndexTest {

    @Test
    void forgetsTheOldestPastItsCapacity() {
        BoundedIndex<String, Integer> index = new BoundedIndex<>(2);
        index.putIfAbsent("a", 1);
        index.putIfAbsent("b", 2);
        index.putIfAbsent("c", 3);

        assertTrue(index.get("a").isEmpty());
        assertEquals(List.of(2, 3), List.copyOf(index.valuesInInsertionOrder()));
    }

    @Test
    void keepsTheFirstValueForAKey() {
        BoundedIndex<String, Integer> index = new BoundedIndex<>(5);

        assertEquals(1, index.putIfAbsent("a", 1));
        assertEquals(1, index.putIfAbsent("a", 2));
        assertEquals(Optional.of(1), index.get("a"));
    }

    @Test
    void replaceDoesNotResurrectARemovedKey() {
        BoundedIndex<String, Integer> index = new BoundedIndex<>(5);
        index.putIfAbsent("a", 1);
        index.remove("a");

        index.replace("a", 2);

        assertTrue(index.get("a").isEmpty());
    }

    @Test
    void removedKeysDoNotPileUpBehindTheCapacity() {
        BoundedIndex<String, Integer> index = new BoundedIndex<>(3);
        for (int i = 0; i < 100; i++) {
            index.putIfAbsent("failed-" + i, i);
            index.remove("failed-" + i);
        }
        index.putIfAbsent("x", 1);
        index.putIfAbsent("y", 2);
        index.putIfAbsent("z", 3);

        assertEquals(List.of(1, 2, 3), List.copyOf(index.valuesInInsertionOrder()));
    }
}
