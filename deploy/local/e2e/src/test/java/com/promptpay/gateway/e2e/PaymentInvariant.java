package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/**
 * What every fault scenario ends with, for one shop: each paid intent is {@code succeeded} and its merchant
 * accepted at least one correctly signed {@code payment_intent.succeeded} webhook for it, all carrying one event
 * id; no unpaid intent got one, nor moved; the dispatcher has nothing pending and gave up on nothing. Redeliveries
 * of an event are allowed (at least once) and counted.
 */
final class PaymentInvariant {

    static final String SUCCEEDED = "payment_intent.succeeded";

    /** {@code duplicates}: webhook-id → how often the merchant accepted it, for those accepted more than once. */
    record Report(String shop, int paid, int unpaid, int accepted, int refused, Map<String, Long> duplicates,
            Duration settledIn) {
        long duplicateDeliveries() {
            return duplicates.values().stream().mapToLong(count -> count - 1).sum();
        }

        @Override
        public String toString() {
            return String.format("[faults] %s: %d paid, %d unpaid, settled in %.1f s; merchant accepted %d webhooks, "
                    + "refused %d; %d duplicate deliveries over %d event ids %s", shop, paid, unpaid,
                    settledIn.toMillis() / 1000.0, accepted, refused, duplicateDeliveries(), duplicates.size(), duplicates);
        }
    }

    private PaymentInvariant() {
    }

    static Report holds(Ledger ledger, Duration within) {
        long started = System.nanoTime();
        Set<String> settled = ConcurrentHashMap.newKeySet();
        Await.until("every paid intent of " + ledger.shop.name + " succeeded and its webhook accepted", within,
                () -> unsettled(ledger, settled).isEmpty(), () -> "still waiting for: " + unsettled(ledger, settled));
        // Redeliveries (a lease that ran out after a crash) may still come: only a quiet dispatcher counts them all.
        Await.until("the dispatcher done with " + ledger.shop.name, within,
                () -> ledger.shop.deliveries("pending").isEmpty(), () -> "pending: " + ledger.shop.deliveries("pending"));
        assertEquals(List.of(), ledger.shop.deliveries("failed"), "deliveries the dispatcher gave up on");

        List<MerchantEndpoint.Request> requests = ledger.shop.endpoint.requests();
        assertEachIsOneSignedSuccessOfAPaidIntent(ledger, requests);
        for (Shop.Intent open : ledger.unpaid()) {
            assertEquals("requires_action", ledger.shop.status(open), "unpaid " + open.id() + " moved");
        }
        Report report = report(ledger, requests, Duration.ofNanos(System.nanoTime() - started));
        System.out.println(report);
        return report;
    }

    private static void assertEachIsOneSignedSuccessOfAPaidIntent(Ledger ledger, List<MerchantEndpoint.Request> requests) {
        Map<String, Shop.Intent> paid = ledger.paid().stream().collect(Collectors.toMap(Shop.Intent::id, Function.identity()));
        requests.forEach(request -> assertIsASignedSuccessOfAPaidIntent(ledger.shop, request, paid));
        Map<String, Set<String>> eventIdsByIntent = requests.stream().collect(Collectors.groupingBy(
                PaymentInvariant::intentOf, Collectors.mapping(request -> request.header("webhook-id"), Collectors.toSet())));
        eventIdsByIntent.forEach((intent, eventIds) -> assertEquals(1, eventIds.size(),
                "one success of " + intent + " is one event, however often it is delivered: " + eventIds));
    }

    private static Report report(Ledger ledger, List<MerchantEndpoint.Request> requests, Duration settledIn) {
        List<MerchantEndpoint.Request> accepted = requests.stream().filter(MerchantEndpoint.Request::accepted).toList();
        Map<String, Long> duplicates = accepted.stream()
                .collect(Collectors.groupingBy(request -> request.header("webhook-id"), TreeMap::new, Collectors.counting()));
        duplicates.values().removeIf(count -> count == 1);
        return new Report(ledger.shop.name, ledger.paid().size(), ledger.unpaid().size(), accepted.size(),
                requests.size() - accepted.size(), duplicates, settledIn);
    }

    /** Paid intents not yet both succeeded and notified; those that are stay so (forward-only), and are not asked again. */
    private static List<String> unsettled(Ledger ledger, Set<String> settled) {
        Set<String> notified = ledger.shop.endpoint.requests().stream().filter(MerchantEndpoint.Request::accepted)
                .map(PaymentInvariant::intentOf).collect(Collectors.toSet());
        List<String> waiting = new ArrayList<>();
        for (Shop.Intent intent : ledger.paid()) {
            if (settled.contains(intent.id())) {
                continue;
            }
            if (!notified.contains(intent.id())) {
                waiting.add(intent.id() + " (no webhook accepted)");
                continue;
            }
            String status = ledger.shop.status(intent);
            if ("succeeded".equals(status)) {
                settled.add(intent.id());
            } else {
                waiting.add(intent.id() + " (" + status + ")");
            }
        }
        return waiting;
    }

    private static void assertIsASignedSuccessOfAPaidIntent(Shop shop, MerchantEndpoint.Request request,
            Map<String, Shop.Intent> paid) {
        try {
            new Webhook(shop.webhookSecret).verify(request.body(), request.headers());
        } catch (WebhookVerificationException | EmptyWebhookSecretException e) {
            fail("a webhook to " + shop.name + " does not verify (" + e.getMessage() + "): " + request.headers() + " " + request.body());
        }
        JsonNode event = Shop.read(request.body());
        assertEquals(request.header("webhook-id"), event.get("id").asText(), "webhook-id is the event id");
        assertEquals(SUCCEEDED, event.get("type").asText(), request.body());
        Shop.Intent intent = paid.get(event.get("data").get("paymentIntentId").asText());
        assertNotNull(intent, "a success webhook for an intent that was never paid: " + request.body());
        assertEquals(intent.amount(), event.get("data").get("amount").asLong(), request.body());
        assertEquals("succeeded", event.get("data").get("status").asText(), request.body());
    }

    private static String intentOf(MerchantEndpoint.Request request) {
        return Shop.read(request.body()).path("data").path("paymentIntentId").asText();
    }
}
