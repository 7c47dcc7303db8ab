package com.promptpay.gateway.checkout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.checkout.service.StatusUpdates;
import com.promptpay.gateway.checkout.support.FakeIntentService;
import com.promptpay.gateway.checkout.support.FakeIntentService.Intent;
import com.promptpay.gateway.checkout.support.FakeIntentServiceResource;
import com.promptpay.gateway.checkout.support.SseClient;
import com.promptpay.gateway.checkout.support.SseClient.Event;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.events.Topics;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Server-Sent Events fed by the real payment-intents topic, consumed in broadcast mode. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeIntentServiceResource.class, scope = TestResourceScope.GLOBAL)
class LiveStatusTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static KafkaProducer<String, String> producer;

    @TestHTTPResource("/")
    String root;

    @Inject
    StatusUpdates updates;

    @ConfigProperty(name = "mp.messaging.incoming.payment-intents.group.id")
    String groupId;

    private final FakeIntentService fake = FakeIntentServiceResource.fake();

    @BeforeAll
    static void producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    /** From the latest offset, events published before the consumer owns its partitions are not read: wait for that. */
    @BeforeEach
    void consumerOwnsItsPartitions() throws Exception {
        fake.reset();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                        .get(5, TimeUnit.SECONDS).get(groupId);
                return group.members().stream().anyMatch(member -> !member.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private void publish(String intentId, String type, String status) throws Exception {
        String value = """
                {"id":"%s","type":"%s","occurredAt":"%s","aggregateId":"%s","data":{"paymentIntentId":"%s",\
                "merchantId":"mch_test","status":"%s","amount":10000,"currency":"thb","description":null,\
                "metadata":{},"late":false,"createdAt":"%s","updatedAt":"%s"}}"""
                .formatted(PrefixedIds.next("evt"), type, Instant.now(), intentId, intentId, status, Instant.now(), Instant.now());
        producer.send(new ProducerRecord<>(Topics.PAYMENT_INTENTS, intentId, value)).get(10, TimeUnit.SECONDS);
    }

    private SseClient open(Intent intent) {
        return SseClient.open(root + "payment/" + intent.id + "/events");
    }

    @Test
    void broadcastModeMeansAGroupOfItsOwnPerInstance() throws Exception {
        assertTrue(groupId.matches("checkout-[0-9a-f-]{36}"), groupId);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()))) {
            Collection<GroupListing> groups = admin.listGroups().all().get(5, TimeUnit.SECONDS);
            assertTrue(groups.stream().anyMatch(group -> group.groupId().equals(groupId)), groups.toString());
        }
    }

    /** Proxies reuse connections: a HEAD that never ended held every later request on its connection (FuzzIT). */
    @Test
    void aHeadOfTheStreamEndsAndTheConnectionServesTheNextRequest() throws Exception {
        Intent intent = fake.create();
        URI base = URI.create(root);
        try (Socket connection = new Socket(base.getHost(), base.getPort())) {
            connection.setSoTimeout(5_000);
            OutputStream out = connection.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(("HEAD /payment/" + intent.id + "/events HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            List<String> headHeaders = headers(in);
            assertTrue(headHeaders.stream().anyMatch(header -> header.toLowerCase().startsWith("content-type: text/event-stream")), headHeaders.toString());

            out.write(("GET /payment/" + intent.id + "/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("HTTP/1.1 200 OK", in.readLine(), "the next request on the connection is answered");
        }
    }

    private static List<String> headers(BufferedReader in) throws java.io.IOException {
        List<String> headers = new java.util.ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            headers.add(line);
        }
        return headers;
    }

    @Test
    void sendsTheCurrentStatusFirstThenTheSuccessFromKafkaAndEnds() throws Exception {
        Intent intent = fake.create();
        try (SseClient events = open(intent)) {
            assertEquals(200, events.status());
            assertTrue(events.contentType().startsWith("text/event-stream"), events.contentType());
            assertEquals(new Event("status", "{\"status\":\"requires_action\"}"), events.next(WAIT));

            publish(intent.id, EventTypes.PAYMENT_INTENT_SUCCEEDED, "succeeded");

            assertEquals(new Event("status", "{\"status\":\"succeeded\"}"), events.next(WAIT));
            assertEquals(Event.END, events.next(WAIT));
        }
        await().atMost(WAIT).until(() -> !updates.isWatched(intent.id));
    }

    @Test
    void cancelAndExpiryArriveToo() throws Exception {
        Intent canceled = fake.create();
        Intent expired = fake.create();
        try (SseClient first = open(canceled); SseClient second = open(expired)) {
            assertEquals("{\"status\":\"requires_action\"}", first.next(WAIT).data());
            assertEquals("{\"status\":\"requires_action\"}", second.next(WAIT).data());

            publish(canceled.id, EventTypes.PAYMENT_INTENT_CANCELED, "canceled");
            publish(expired.id, EventTypes.PAYMENT_INTENT_EXPIRED, "expired");

            assertEquals("{\"status\":\"canceled\"}", first.next(WAIT).data());
            assertEquals("{\"status\":\"expired\"}", second.next(WAIT).data());
        }
    }

    @Test
    void aChangeBetweenSubscribeAndReadIsNotLost() throws Exception {
        Intent intent = fake.create();
        // intent-service is slow to answer the first read: the payment succeeds meanwhile.
        intent.detailsDelay = Duration.ofMillis(1500);
        try (SseClient events = open(intent)) {
            await().atMost(WAIT).until(() -> updates.isWatched(intent.id));
            publish(intent.id, EventTypes.PAYMENT_INTENT_SUCCEEDED, "succeeded");

            assertEquals("{\"status\":\"succeeded\"}", events.next(WAIT).data());
            // The stale read that lands afterwards is not sent: the stream ended with the final status.
            assertEquals(Event.END, events.next(WAIT));
        }
    }

    @Test
    void otherIntentsEventsAreNotSent() throws Exception {
        Intent watched = fake.create();
        Intent other = fake.create();
        try (SseClient events = open(watched)) {
            assertEquals("{\"status\":\"requires_action\"}", events.next(WAIT).data());
            publish(other.id, EventTypes.PAYMENT_INTENT_SUCCEEDED, "succeeded");
            publish(watched.id, EventTypes.PAYMENT_INTENT_CANCELED, "canceled");

            assertEquals("{\"status\":\"canceled\"}", events.next(WAIT).data());
        }
    }

    @Test
    void malformedRecordsAreSkippedAndTheConsumerKeepsGoing() throws Exception {
        Intent intent = fake.create();
        try (SseClient events = open(intent)) {
            assertEquals("{\"status\":\"requires_action\"}", events.next(WAIT).data());
            producer.send(new ProducerRecord<>(Topics.PAYMENT_INTENTS, intent.id, "not json")).get();
            producer.send(new ProducerRecord<>(Topics.PAYMENT_INTENTS, intent.id, "{\"aggregateId\":\"<script>\"}")).get();
            publish(intent.id, EventTypes.PAYMENT_INTENT_SUCCEEDED, "succeeded");

            assertEquals("{\"status\":\"succeeded\"}", events.next(WAIT).data());
        }
    }

    @Test
    void alreadyFinishedIntentsSendTheirStatusAndEnd() {
        Intent intent = fake.create();
        intent.status = "succeeded";
        try (SseClient events = open(intent)) {
            assertEquals("{\"status\":\"succeeded\"}", events.next(WAIT).data());
            assertEquals(Event.END, events.next(WAIT));
        }
    }

    @Test
    void unknownIntentsSayNotFound() {
        try (SseClient events = SseClient.open(root + "payment/" + PrefixedIds.next("pi") + "/events")) {
            assertEquals("{\"status\":\"not_found\"}", events.next(WAIT).data());
            assertEquals(Event.END, events.next(WAIT));
        }
        try (SseClient malformed = SseClient.open(root + "payment/nope/events")) {
            assertEquals(404, malformed.status());
            assertTrue(malformed.contentType().startsWith("application/problem+json"), malformed.contentType());
        }
    }

    @Test
    void idleStreamsCarryKeepAliveComments() {
        Intent intent = fake.create();
        try (SseClient events = open(intent)) {
            assertEquals("{\"status\":\"requires_action\"}", events.next(WAIT).data());
            Event keepAlive = events.poll(Duration.ofSeconds(5));
            assertEquals(new Event(null, "keep-alive"), keepAlive);
        }
    }

    @Test
    void whenIntentServiceIsDownTheStreamStaysOpenForKafka() throws Exception {
        Intent intent = fake.create();
        fake.mode(FakeIntentService.Mode.UNAVAILABLE);
        try (SseClient events = open(intent)) {
            await().atMost(WAIT).until(() -> updates.isWatched(intent.id));
            publish(intent.id, EventTypes.PAYMENT_INTENT_SUCCEEDED, "succeeded");
            assertEquals("{\"status\":\"succeeded\"}", events.next(WAIT).data());
        } finally {
            fake.reset();
        }
    }
}
