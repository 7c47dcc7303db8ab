package com.promptpay.gateway.entryproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutesTest {

    @ParameterizedTest
    @CsvSource({
            "/payments/intents, INTENT",
            "/payments, INTENT",
            "/payments/pi_123/cancel, INTENT",
            "/pay/mch_1, INTENT",
            "/payment-links, INTENT",
            "/admin/merchants, INTENT",
            "/payment/pi_123, CHECKOUT",
            "/payment/pi_123/events, CHECKOUT",
            "/webhooks/stripe, INGEST",
            "/webhook-endpoints, DISPATCHER",
            "/webhook-endpoints/ep_1, DISPATCHER",
            "/webhook-deliveries/msg_1/attempts, DISPATCHER",
    })
    void routesEachPublicPathToItsService(String path, Upstream expected) {
        assertEquals(Optional.of(expected), Routes.route(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/paymentsx", "/paymentx/pi_1", "/webhooks", "/webhooks/stripex", "/q/health",
            "/internal/intents/pi_1", "/administrator", "relative"})
    void knowsNoServiceForOtherPaths(String path) {
        assertEquals(Optional.empty(), Routes.route(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/payments/../internal/x", "/payment/%2e%2e/admin", "/payment//x", "/payments/a%2Fb",
            "/payments/.", "/pay/..", "/payment/a\\b"})
    void refusesPathsThatCouldEscapeTheirPrefix(String path) {
        assertTrue(Routes.isAmbiguous(path));
        assertEquals(Optional.empty(), Routes.route(path));
    }
}
