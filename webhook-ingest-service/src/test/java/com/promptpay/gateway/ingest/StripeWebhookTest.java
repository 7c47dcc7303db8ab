package com.promptpay.gateway.ingest;

import static com.promptpay.gateway.ingest.support.StripeEvents.CURRENT_SECRET;
import static com.promptpay.gateway.ingest.support.StripeEvents.PREVIOUS_SECRET;
import static com.promptpay.gateway.ingest.support.StripeEvents.paymentIntent;
import static com.promptpay.gateway.ingest.support.StripeEvents.signNow;
import static com.promptpay.gateway.ingest.support.StripeEvents.signature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.events.EventEnvelope;
import com.promptpay.gateway.ingest.support.InboxTable;
import com.promptpay.gateway.ingest.support.PrometheusScrape;
import com.promptpay.gateway.ingest.support.ProviderEventsTopic;
import com.promptpay.gateway.ingest.support.StripeEvents;
import com.promptpay.gateway.ingest.support.Webhooks;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** POST /webhooks/stripe over the real broker and the real database. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class StripeWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/webhooks/stripe")
    URI endpoint;

    @Test
    void validEventPublishesOneMessageKeyedByOurIntentId() throws Exception {
        var event = paymentIntent("payment_intent.succeeded");
        double publishedBefore = metric("gateway_webhooks_published_total", "type=\"payment.succeeded\"");
        double latencyCountBefore = metric("gateway_webhooks_publish_latency_seconds_count", "outcome=\"acknowledged\"");

        HttpResponse<String> response = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode receipt = JSON.readTree(response.body());
        assertEquals("published", receipt.get("outcome").asText());
        assertEquals(event.eventId(), receipt.get("eventId").asText());

        List<ConsumerRecord<String, String>> records = published(event.eventId());
        assertEquals(1, records.size(), "one message for one event");
        ConsumerRecord<String, String> record = records.get(0);
        assertEquals(event.intentId(), record.key(), "keyed by our intent id, so one intent's events stay ordered");
        assertEquals("payment.succeeded", ProviderEventsTopic.header(record, EventEnvelope.EVENT_TYPE_HEADER));

        JsonNode envelope = JSON.readTree(record.value());
        assertEquals(event.eventId(), envelope.get("id").asText());
        assertEquals("payment.succeeded", envelope.get("type").asText());
        assertEquals(event.intentId(), envelope.get("aggregateId").asText());
        assertEquals(Instant.ofEpochSecond(event.created()), Instant.parse(envelope.get("occurredAt").asText()));
        JsonNode data = envelope.get("data");
        assertEquals("stripe", data.get("provider").asText());
        assertEquals(event.eventId(), data.get("providerEventId").asText());
        assertEquals(event.stripePaymentIntentId(), data.get("providerPaymentId").asText());
        assertEquals(event.intentId(), data.get("intentId").asText());
        assertEquals(event.merchantId(), data.get("merchantId").asText());
        assertEquals(10_000, data.get("amount").asLong());
        assertEquals("thb", data.get("currency").asText());
        assertEquals(Instant.ofEpochSecond(event.created()), Instant.parse(data.get("occurredAt").asText()));
        assertTrue(data.get("failureCode").isNull());

        assertEquals(1, InboxTable.rows(event.eventId()));
        assertEquals(publishedBefore + 1, metric("gateway_webhooks_published_total", "type=\"payment.succeeded\""));
        assertEquals(latencyCountBefore + 1,
                metric("gateway_webhooks_publish_latency_seconds_count", "outcome=\"acknowledged\""));
    }

    @Test
    void failedPaymentCarriesStripesFailure() throws Exception {
        var event = paymentIntent("payment_intent.payment_failed").failure("payment_intent_payment_attempt_expired",
                "The QR code expired before the customer paid.");

        HttpResponse<String> response = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));

        assertEquals(200, response.statusCode(), response.body());
        ConsumerRecord<String, String> record = single(event.eventId());
        JsonNode envelope = JSON.readTree(record.value());
        assertEquals("payment.failed", envelope.get("type").asText());
        assertEquals("payment_intent_payment_attempt_expired", envelope.at("/data/failureCode").asText());
        assertEquals("The QR code expired before the customer paid.", envelope.at("/data/failureMessage").asText());
        assertEquals(event.intentId(), record.key());
    }

    @Test
    void canceledPaymentIsPublishedAsCanceled() throws Exception {
        var event = paymentIntent("payment_intent.canceled");

        HttpResponse<String> response = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode envelope = JSON.readTree(single(event.eventId()).value());
        assertEquals("payment.canceled", envelope.get("type").asText());
        assertEquals(event.stripePaymentIntentId(), envelope.at("/data/providerPaymentId").asText());
    }

    @Test
    void sameEventDeliveredThreeTimesPublishesOnce() throws Exception {
        var event = paymentIntent("payment_intent.succeeded");
        double duplicatesBefore = metric("gateway_webhooks_duplicates_total");
        List<String> outcomes = new ArrayList<>();
        for (int delivery = 0; delivery < 3; delivery++) {
            // Stripe signs every attempt afresh: same body, new timestamp
            String header = signature(CURRENT_SECRET, Instant.now().getEpochSecond() - delivery, event.body());
            HttpResponse<String> response = Webhooks.post(endpoint, event.body(), header);
            assertEquals(200, response.statusCode(), response.body());
            outcomes.add(JSON.readTree(response.body()).get("outcome").asText());
        }

        assertEquals(List.of("published", "duplicate", "duplicate"), outcomes);
        assertEquals(1, published(event.eventId()).size());
        assertEquals(1, InboxTable.rows(event.eventId()));
        assertEquals(duplicatesBefore + 2, metric("gateway_webhooks_duplicates_total"));
    }

    @Test
    void concurrentDuplicatesPublishOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            var event = paymentIntent("payment_intent.succeeded");
            int deliveries = 8;
            List<HttpResponse<String>> responses = concurrently(deliveries,
                    i -> Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body())));

            List<String> outcomes = new ArrayList<>();
            for (HttpResponse<String> response : responses) {
                assertEquals(200, response.statusCode(), response.body());
                outcomes.add(JSON.readTree(response.body()).get("outcome").asText());
            }
            assertEquals(1, outcomes.stream().filter("published"::equals).count(), outcomes.toString());
            assertEquals(deliveries - 1, outcomes.stream().filter("duplicate"::equals).count(), outcomes.toString());
            assertEquals(1, published(event.eventId()).size(), "concurrent duplicates publish once");
            assertEquals(1, InboxTable.rows(event.eventId()));
        }
    }

    @Test
    void aDuplicateWaitsForTheFirstDeliveryAndPublishesIfThatOneRollsBack() throws Exception {
        var event = paymentIntent("payment_intent.succeeded");
        // A first delivery that claimed the event and then died before committing (crash after the ack,
        // broker failure, …): its row is uncommitted. The redelivery must wait for it, then publish.
        try (Connection first = InboxTable.connect()) {
            first.setAutoCommit(false);
            claim(first, event);
            CompletableFuture<HttpResponse<String>> redelivery = CompletableFuture.supplyAsync(
                    () -> Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body())));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> InboxTable.lockWaiters() >= 1);
            assertFalse(redelivery.isDone(), "the redelivery answered while the first delivery was undecided");
            first.rollback();

            HttpResponse<String> response = redelivery.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("published", JSON.readTree(response.body()).get("outcome").asText());
        }
        assertEquals(1, published(event.eventId()).size());
        assertEquals(1, InboxTable.rows(event.eventId()));
    }

    @Test
    void aDuplicateWaitsForTheFirstDeliveryAndPublishesNothingOnceThatOneCommits() throws Exception {
        var event = paymentIntent("payment_intent.succeeded");
        try (Connection first = InboxTable.connect()) {
            first.setAutoCommit(false);
            claim(first, event);
            CompletableFuture<HttpResponse<String>> redelivery = CompletableFuture.supplyAsync(
                    () -> Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body())));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> InboxTable.lockWaiters() >= 1);
            assertFalse(redelivery.isDone(), "the redelivery answered while the first delivery was undecided");
            first.commit();

            HttpResponse<String> response = redelivery.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("duplicate", JSON.readTree(response.body()).get("outcome").asText());
        }
        assertEquals(0, published(event.eventId()).size(), "a recorded event is never published again");
    }

    static Stream<Arguments> refusedDeliveries() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("tampered body", (Refusal) (body, id) -> new Delivery(
                        new String(body, StandardCharsets.UTF_8).replace("10000", "99999").getBytes(StandardCharsets.UTF_8),
                        signNow(CURRENT_SECRET, body)), "bad_signature"),
                Arguments.of("wrong secret", (Refusal) (body, id) -> new Delivery(body,
                        signNow("whsec_someone_elses_secret", body)), "bad_signature"),
                Arguments.of("signature of another timestamp", (Refusal) (body, id) -> new Delivery(body,
                        "t=" + now + ",v1=" + StripeEvents.v1(CURRENT_SECRET, now - 1, body)), "bad_signature"),
                Arguments.of("stale timestamp", (Refusal) (body, id) -> new Delivery(body,
                        signature(CURRENT_SECRET, now - 301, body)), "stale_timestamp"),
                Arguments.of("future timestamp", (Refusal) (body, id) -> new Delivery(body,
                        signature(CURRENT_SECRET, now + 330, body)), "future_timestamp"),
                Arguments.of("missing header", (Refusal) (body, id) -> new Delivery(body, null), "missing_signature"),
                Arguments.of("header without timestamp", (Refusal) (body, id) -> new Delivery(body,
                        "v1=" + StripeEvents.v1(CURRENT_SECRET, now, body)), "malformed_signature"),
                Arguments.of("header without v1", (Refusal) (body, id) -> new Delivery(body,
                        "t=" + now + ",v0=" + StripeEvents.v1(CURRENT_SECRET, now, body)), "malformed_signature"));
    }

    interface Refusal {
        Delivery make(byte[] body, String eventId);
    }

    record Delivery(byte[] body, String signature) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDeliveries")
    void refusedDeliveriesAnswer400AndPublishNothing(String name, Refusal refusal, String reason) throws Exception {
        var event = paymentIntent("payment_intent.succeeded");
        Delivery delivery = refusal.make(event.body(), event.eventId());
        double rejectedBefore = metric("gateway_webhooks_rejected_total", "reason=\"" + reason + "\"");

        HttpResponse<String> response = Webhooks.post(endpoint, delivery.body(), delivery.signature());

        assertEquals(400, response.statusCode(), response.body());
        assertProblem(response, 400);
        assertEquals(reason, JSON.readTree(response.body()).get("reason").asText());
        assertEquals(0, published(event.eventId()).size(), "nothing published");
        assertEquals(0, InboxTable.rows(event.eventId()), "nothing stored");
        assertEquals(rejectedBefore + 1, metric("gateway_webhooks_rejected_total", "reason=\"" + reason + "\""));
    }

    @Test
    void timestampsWithinTheToleranceEitherWayAreAccepted() throws Exception {
        long now = Instant.now().getEpochSecond();
        for (long timestamp : new long[] {now - 240, now + 240}) {
            var event = paymentIntent("payment_intent.succeeded");
            HttpResponse<String> response = Webhooks.post(endpoint, event.body(),
                    signature(CURRENT_SECRET, timestamp, event.body()));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(1, published(event.eventId()).size());
        }
    }

    @Test
    void rotatedSecretIsAccepted() throws Exception {
        var signedWithPrevious = paymentIntent("payment_intent.succeeded");
        HttpResponse<String> response = Webhooks.post(endpoint, signedWithPrevious.body(),
                signNow(PREVIOUS_SECRET, signedWithPrevious.body()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, published(signedWithPrevious.eventId()).size());

        // During a rotation Stripe sends one v1 per active secret; one we know is enough.
        var signedWithBoth = paymentIntent("payment_intent.succeeded");
        long now = Instant.now().getEpochSecond();
        String header = "t=" + now + ",v1=" + StripeEvents.v1("whsec_the_new_one_not_configured_yet", now,
                signedWithBoth.body()) + ",v1=" + StripeEvents.v1(CURRENT_SECRET, now, signedWithBoth.body());
        response = Webhooks.post(endpoint, signedWithBoth.body(), header);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, published(signedWithBoth.eventId()).size());
    }

    @Test
    void eventOfAnotherApiVersionStillPublishes() throws Exception {
        // stripe-java's getObject() is empty for another release line; the fields used here are stable.
        var event = paymentIntent("payment_intent.succeeded").apiVersion("2024-06-20");
        HttpResponse<String> response = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(event.intentId(), single(event.eventId()).key());
    }

    @Test
    void otherEventTypesAreAcknowledgedAndCountedNotPublished() throws Exception {
        for (String type : List.of("payment_intent.created", "payment_intent.requires_action", "charge.succeeded")) {
            var event = paymentIntent(type);
            double ignoredBefore = metric("gateway_webhooks_ignored_total", "type=\"" + type + "\"");

            HttpResponse<String> response = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("ignored", JSON.readTree(response.body()).get("outcome").asText());
            assertEquals(0, published(event.eventId()).size());
            assertEquals(0, InboxTable.rows(event.eventId()));
            assertEquals(ignoredBefore + 1, metric("gateway_webhooks_ignored_total", "type=\"" + type + "\""));
        }
    }

    @Test
    void paymentIntentsWithoutOurMetadataAreAcknowledgedNotPublished() throws Exception {
        var event = paymentIntent("payment_intent.succeeded").withoutGatewayMetadata();
        assertAcknowledgedNotPublished(event, "not_ours");
    }

    /**
     * Found by the e2e FuzzIT: the inbox keeps Stripe's ids in 255 characters (Stripe's own bound), and a longer one
     * failed the insert, so the delivery was answered 503 and would have been retried for days.
     */
    @Test
    void aPaymentIntentIdLongerThanStripeEverSendsIsAcknowledgedNotPublished() throws Exception {
        var event = paymentIntent("payment_intent.succeeded").stripePaymentIntentId("pi_" + "a".repeat(253));
        assertAcknowledgedNotPublished(event, "unreadable_object");
    }

    /** Found by bench/fuzz.sh: a NUL in the metadata failed the insert (PostgreSQL text holds none), so 503 for good. */
    @Test
    void anIntentIdMetadataThatIsNoIdOfOursIsAcknowledgedNotPublished() throws Exception {
        var event = paymentIntent("payment_intent.succeeded").intentId("pi_\u0000");
        assertAcknowledgedNotPublished(event, "not_ours");
    }

    /** Answered 200 "ignored" (Stripe stops retrying), counted under its reason, and never published. */
    private void assertAcknowledgedNotPublished(StripeEvents.Builder event, String reason) throws Exception {
        double before = metric("gateway_webhooks_ignored_total", "reason=\"" + reason + "\"");

        HttpResponse<String> response = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ignored", JSON.readTree(response.body()).get("outcome").asText());
        assertEquals(0, published(event.eventId()).size());
        assertEquals(before + 1, metric("gateway_webhooks_ignored_total", "reason=\"" + reason + "\""));
    }

    @Test
    void signedBodiesThatAreNoStripeEventAre400() throws Exception {
        for (byte[] body : List.of("not json".getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                "{\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8),
                // The fuzz test's find: signed, well-formed event, unreadable data object.
                ("{\"id\":\"evt_BbyWgVq1WlZieRDKB4oRvD5H\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\","
                        + "\"created\":9223372036854775808,\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":"
                        + "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":\"ten\",\"currency\":5,\"metadata\":[]}}}")
                        .getBytes(StandardCharsets.UTF_8))) {
            HttpResponse<String> response = Webhooks.post(endpoint, body, signNow(CURRENT_SECRET, body));
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("malformed_event", JSON.readTree(response.body()).get("reason").asText());
        }
        byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        HttpResponse<String> response = Webhooks.post(endpoint, notUtf8, signNow(CURRENT_SECRET, notUtf8));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("body_not_utf8", JSON.readTree(response.body()).get("reason").asText());
    }

    @Test
    void largeEventsWithinTheLimitArePublished() throws Exception {
        // Far above Quarkus REST's 10 KB input buffer (read on a worker, then back on the event loop for
        // the inbox transaction), below the 256 KB limit.
        var event = paymentIntent("payment_intent.succeeded");
        byte[] padded = StripeEvents.padded(event.body(), 200 * 1024);

        HttpResponse<String> response = Webhooks.post(endpoint, padded, signNow(CURRENT_SECRET, padded));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, published(event.eventId()).size());
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        var event = paymentIntent("payment_intent.succeeded");
        byte[] padded = Arrays.copyOf(event.body(), 300 * 1024);
        Arrays.fill(padded, event.body().length, padded.length, (byte) ' ');

        HttpResponse<String> declared = Webhooks.post(endpoint, padded, signNow(CURRENT_SECRET, padded));
        assertEquals(413, declared.statusCode(), declared.body());

        HttpResponse<String> chunked = Webhooks.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signNow(CURRENT_SECRET, padded))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(padded)))
                .build());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals(0, published(event.eventId()).size());
    }

    @Inject
    Pool database;

    @Test
    void databaseSessionsBoundHowLongADuplicateWaits() {
        // Passed as startup parameters by quarkus.datasource.reactive.additional-properties.
        String lockTimeout = database.query("SHOW lock_timeout").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        String idleInTransaction = database.query("SHOW idle_in_transaction_session_timeout").execute().await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
        assertEquals("15s", lockTimeout);
        assertEquals("30s", idleInTransaction);
    }

    @Test
    void inboxCommitsDoNotWaitForTheWalFlush() {
        String synchronousCommit = database.query("SHOW synchronous_commit").execute().await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
        assertEquals("off", synchronousCommit);
    }

    @Test
    void otherMethodsAnswerProblemJson() throws Exception {
        HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(endpoint).GET().build());
        assertEquals(405, response.statusCode());
        assertProblem(response, 405);
    }

    private static void claim(Connection connection, StripeEvents.Builder event) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO stripe_event_inbox (stripe_event_id, stripe_event_type, stripe_payment_intent_id,
                        intent_id, published_event_id, published_event_type, occurred_at)
                VALUES (?, 'payment_intent.succeeded', ?, ?, ?, 'payment.succeeded', now())
                """)) {
            insert.setString(1, event.eventId());
            insert.setString(2, event.stripePaymentIntentId());
            insert.setString(3, event.intentId());
            insert.setString(4, event.eventId());
            assertEquals(1, insert.executeUpdate());
        }
    }

    static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("")
                .split(";")[0]);
        JsonNode problem = JSON.readTree(response.body());
        assertTrue(problem.hasNonNull("type") && problem.hasNonNull("title") && problem.hasNonNull("detail"),
                response.body());
        assertEquals(status, problem.get("status").asInt());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    static List<HttpResponse<String>> concurrently(int count, Function<Integer, HttpResponse<String>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static List<ConsumerRecord<String, String>> published(String eventId) {
        return ProviderEventsTopic.withEventId(bootstrapServers(), eventId);
    }

    static ConsumerRecord<String, String> single(String eventId) {
        List<ConsumerRecord<String, String>> records = published(eventId);
        assertEquals(1, records.size(), "messages for " + eventId);
        return records.get(0);
    }

    static double metric(String name, String... labels) {
        return PrometheusScrape.value(name, labels);
    }
}
