package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The faults of issue #8 on the real stack ({@code ./gateway up} once), each ending with {@link PaymentInvariant}:
 * every paid intent succeeded and its merchant accepted a correctly signed webhook, no unpaid intent got one,
 * duplicates counted. Each scenario has its own shop and leaves every component running and ready for the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    /**
     * Production's waits are minutes to hours; these keep each recovery within seconds: ten merchant attempts over
     * about half a minute, a lease that returns a dead dispatcher's deliveries after 10 s, the reconciler asking
     * Stripe about an intent 10 s after its creation, and a SIGKILLed consumer's partitions handed to its successor
     * after 6 s (Kafka's 45 s session timeout otherwise; Quarkus applies {@code KAFKA_*} to every Kafka client).
     */
    private static final Map<String, String> COMPRESSED = Map.of(
            "GATEWAY_DELIVERY_RETRY_SCHEDULE", "0s,1s,2s,2s,3s,3s,5s,5s,5s,5s",
            "GATEWAY_DELIVERY_TIMEOUT", "5s",
            "GATEWAY_DELIVERY_LEASE", "10s",
            "GATEWAY_INTENTS_RECONCILE_AFTER", "PT10S",
            "GATEWAY_INTENTS_RECONCILE_EVERY", "PT5S",
            "GATEWAY_INTENTS_RECONCILE_SWEEP_EVERY", "2s",
            "KAFKA_SESSION_TIMEOUT_MS", "6000",
            "KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(75);
    private static final List<Integer> SERVICE_PORTS = List.of(8081, 8082, 8083, 8084);

    private static final StackControl stack = new StackControl(COMPRESSED);
    private static Map<String, String> settings;

    @BeforeAll
    static void up() {
        List<Integer> taken = LocalStack.PORTS.stream().filter(LocalStack::listening).toList();
        assertEquals(List.of(), taken, "ports already in use before the test (stop your local stack: ./gateway down)");
        stack.up();
        settings = LocalStack.settings();
    }

    @AfterEach
    void wholeStackAgain() {
        stack.startEverythingStopped();
    }

    @AfterAll
    static void downLeavesNothingBehind() {
        stack.down();
        assertEquals(List.of(), LocalStack.PORTS.stream().filter(LocalStack::listening).toList(), "ports left open");
        assertEquals(List.of(), LocalStack.leftoverProcesses(), "processes left running");
    }

    @Test
    @Order(1)
    void kafkaStoppedAndRestartedUnderLoadLosesNoPayment() throws Exception {
        try (Ledger ledger = new Ledger(shop("kafka-restart"))) {
            try (PaymentLoad load = PaymentLoad.start(ledger)) {
                load.awaitMoreShoppers(6);
                stack.stop("kafka");
                long outageStarted = System.nanoTime();
                // Unready while the broker is away, but alive: an orchestrator must not restart them for it.
                for (int port : SERVICE_PORTS) {
                    Await.until(":" + port + " unready without Kafka", Duration.ofSeconds(30),
                            () -> healthStatus(port, "ready") == 503);
                    assertEquals(200, healthStatus(port, "live"), "liveness of :" + port + " without Kafka");
                }
                load.awaitMoreShoppers(9);
                // Producers buffer through a short outage; this one lasts until webhook ingest has had to refuse Stripe.
                Await.until("webhook ingest refusing a Stripe webhook", Duration.ofSeconds(40),
                        () -> refusedByIngest(ledger) > 0);
                // Longer than the Kafka clients' own patience (default.api.timeout.ms, 60 s): what gave up must recover.
                while (Duration.ofNanos(System.nanoTime() - outageStarted).compareTo(OUTAGE) < 0) {
                    load.awaitMoreShoppers(1);
                }
                stack.start("kafka");
                stack.awaitReady();
                load.awaitMoreShoppers(9);
            }
            for (int port : SERVICE_PORTS) {
                assertEquals(200, healthStatus(port, "live"), "liveness of :" + port + " after the outage");
            }
            PaymentInvariant.holds(ledger, SETTLES_WITHIN);
            System.out.printf("[faults] kafka-restart: %d paid intents whose Stripe webhook was refused during the outage%n",
                    refusedByIngest(ledger));
        }
    }

    /** Answered within a probe's timeout (3 s in deploy/k8s), or -1. */
    private static int healthStatus(int port, String probe) {
        try {
            return LocalStack.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/q/health/" + probe)).timeout(Duration.ofSeconds(3)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException timedOut) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void dispatcherKilledMidBatchDeliversEverythingAfterRestart() {
        try (Ledger ledger = new Ledger(shop("dispatcher-kill"))) {
            Shop shop = ledger.shop;
            // A slow merchant: four attempts in flight at a time (the per-endpoint cap), the rest waiting in the database.
            shop.endpoint.delay(Duration.ofSeconds(1));
            ledger.payAllButEvery(4, ledger.create(24));
            Await.until("the dispatcher delivering", Duration.ofSeconds(30), () -> shop.endpoint.requests().size() >= 4);
            stack.kill("callback-dispatcher-service");
            int deliveredBeforeTheKill = shop.endpoint.requests().size();
            assertTrue(deliveredBeforeTheKill < ledger.paid().size(),
                    "the kill came after every delivery (" + deliveredBeforeTheKill + "): nothing was mid-batch");
            shop.endpoint.delay(Duration.ZERO);
            stack.start("callback-dispatcher-service");
            PaymentInvariant.holds(ledger, SETTLES_WITHIN);
        }
    }

    /** Deterministically between commit and publish: with the broker away, every committed event waits in the outbox. */
    @Test
    @Order(3)
    void intentServiceKilledBetweenCommitAndPublishPublishesFromTheOutbox() {
        try (Ledger ledger = new Ledger(shop("commit-then-crash"))) {
            stack.stop("kafka");
            List<Shop.Intent> committed = ledger.create(6);
            stack.kill("intent-service");
            stack.start("kafka");
            stack.start("intent-service");
            Await.until("the restarted intent-service publishing the " + committed.size() + " committed events",
                    Duration.ofSeconds(30), () -> outboxPublished() >= committed.size(), () -> "published: " + outboxPublished());
            stack.awaitReady();
            ledger.payAllButEvery(3, committed);
            PaymentInvariant.holds(ledger, SETTLES_WITHIN);
        }
    }

    @Test
    @Order(4)
    void merchantAnswering5xxForAWhileGetsEveryWebhookOnceItRecovers() {
        try (Ledger ledger = new Ledger(shop("merchant-5xx"))) {
            Shop shop = ledger.shop;
            shop.endpoint.answer(503);
            ledger.payAllButEvery(3, ledger.create(6));
            Await.until("every paid intent's webhook refused three times", Duration.ofSeconds(30),
                    () -> ledger.paid().stream().allMatch(intent -> refusals(shop, intent) >= 3));
            shop.endpoint.answer(200);
            PaymentInvariant.Report report = PaymentInvariant.holds(ledger, SETTLES_WITHIN);
            assertTrue(report.refused() >= 3 * report.paid(), report.toString());
        }
    }

    @Test
    @Order(5)
    void aStripeWebhookNeverDeliveredIsFoundByReconciliation() throws Exception {
        try (Ledger ledger = new Ledger(shop("webhook-lost"))) {
            ledger.createUnpaid();
            try (AutoCloseable lost = StripeEmulator.webhooksLost()) {
                ledger.createPaid();
                ledger.createPaid();
            }
            for (Shop.Intent paid : ledger.paid()) {
                JsonNode succeeded = StripeEmulator.event(paid, PaymentInvariant.SUCCEEDED);
                assertEquals(0, succeeded.get("deliveries").size(), "Stripe sent it after all: " + succeeded);
            }
            PaymentInvariant.holds(ledger, SETTLES_WITHIN);
        }
    }

    /**
     * Stripe's order for the retried intent is payment_failed, then succeeded. Delivered instead: succeeded, another
     * intent's later success, the earlier failure, succeeded again, a third intent's failure, succeeded a third time.
     */
    @Test
    @Order(6)
    void theSameStripeEventThreeTimesOutOfOrderSucceedsOnce() throws Exception {
        try (Ledger ledger = new Ledger(shop("stripe-replays"))) {
            Shop shop = ledger.shop;
            Shop.Intent retried = ledger.create();
            Shop.Intent other = ledger.create();
            Shop.Intent declined = ledger.create();
            try (AutoCloseable heldBack = StripeEmulator.webhooksLost()) {
                StripeEmulator.decline(retried);
                StripeEmulator.confirmAgain(retried, settings.get("STRIPE_SECRET_KEY"));
                StripeEmulator.authorize(retried);
                ledger.recordPaid(retried);
                ledger.pay(other);
                StripeEmulator.decline(declined);
                ledger.leaveUnpaid(declined);
            }
            String succeeded = StripeEmulator.event(retried, PaymentInvariant.SUCCEEDED).get("id").asText();
            String failedFirst = StripeEmulator.event(retried, "payment_intent.payment_failed").get("id").asText();
            String otherSucceeded = StripeEmulator.event(other, PaymentInvariant.SUCCEEDED).get("id").asText();
            String declinedFailed = StripeEmulator.event(declined, "payment_intent.payment_failed").get("id").asText();
            double failuresBefore = failuresApplied();

            for (String event : List.of(succeeded, otherSucceeded, failedFirst, succeeded, declinedFailed, succeeded)) {
                StripeEmulator.replayAndAwaitAcceptance(event);
            }
            // Once both failures are applied, the status the invariant reads is the one after the late failure.
            Await.until("both failures applied", Duration.ofSeconds(30), () -> failuresApplied() >= failuresBefore + 2);
            PaymentInvariant.holds(ledger, SETTLES_WITHIN);
            assertEquals(2.0, ServiceMetrics.sum(ServiceMetrics.INTENT_SERVICE, "gateway_intents_transitions_total",
                    Map.of("merchant", shop.id, "outcome", "succeeded")), "one succeeded transition per paid intent");
        }
    }

    private static Shop shop(String name) {
        return Shop.open(name, settings.get("GATEWAY_ADMIN_TOKEN"));
    }

    private static long refusedByIngest(Ledger ledger) {
        Set<String> refused = StripeEmulator.successesRefusedAtLeastOnce();
        return ledger.paid().stream().filter(intent -> refused.contains(intent.stripeId())).count();
    }

    private static long refusals(Shop shop, Shop.Intent intent) {
        return shop.endpoint.requests().stream().filter(request -> !request.accepted() && request.body().contains(intent.id()))
                .count();
    }

    private static double outboxPublished() {
        return ServiceMetrics.sum(ServiceMetrics.INTENT_SERVICE, "gateway_outbox_published_total", Map.of());
    }

    private static double failuresApplied() {
        return ServiceMetrics.sum(ServiceMetrics.INTENT_SERVICE, "gateway_intents_provider_events_total",
                Map.of("type", "payment.failed"));
    }
}
