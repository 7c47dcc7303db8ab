package com.promptpay.gateway.stripeemulator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    @Test
    void readsBearerAndBasicCredentials() {
        assertEquals(Optional.of("sk_test_1"), ApiKeyFilter.presentedKey("Bearer sk_test_1"));
        assertEquals(Optional.of("sk_test_1"), ApiKeyFilter.presentedKey("bearer   sk_test_1 "));
        String basic = Base64.getEncoder().encodeToString("sk_test_1:".getBytes());
        assertEquals(Optional.of("sk_test_1"), ApiKeyFilter.presentedKey("Basic " + basic));
        assertEquals(Optional.empty(), ApiKeyFilter.presentedKey("Bearer "));
        assertEquals(Optional.empty(), ApiKeyFilter.presentedKey(null));
    }

    @Test
    void masksAllButThePrefixAndTheLastFour() {
        assertEquals("sk_test_********5678", ApiKeyFilter.masked("sk_test_abcd12345678"));
        assertEquals("***", ApiKeyFilter.masked("abc"));
    }
}
