package com.promptpay.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PrefixedIdsTest {

    @Test
    void idsCarryTheirPrefixAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = PrefixedIds.next("pi");
            assertTrue(PrefixedIds.isValid("pi", id), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void rejectsWhatItCouldNotHaveMade() {
        String good = PrefixedIds.next("pi");
        assertFalse(PrefixedIds.isValid("evt", good));
        assertFalse(PrefixedIds.isValid("pi", good + "x"));
        assertFalse(PrefixedIds.isValid("pi", good.substring(0, good.length() - 1) + "/"));
        assertFalse(PrefixedIds.isValid("pi", "pi_../../etc/passwd"));
        assertFalse(PrefixedIds.isValid("pi", null));
    }
}
