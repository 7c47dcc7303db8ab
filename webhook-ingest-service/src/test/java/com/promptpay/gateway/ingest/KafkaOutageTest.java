package com.promptpay.gateway.ingest;

import static com.promptpay.gateway.ingest.support.StripeEvents.CURRENT_SECRET;
import static com.promptpay.gateway.ingest.support.StripeEvents.paymentIntent;
import static com.promptpay.gateway.ingest.support.StripeEvents.signNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.ingest.support.InboxTable;
import com.promptpay.gateway.ingest.support.PrometheusScrape;
import com.promptpay.gateway.ingest.support.ProviderEventsTopic;
import com.promptpay.gateway.ingest.support.Webhooks;
import com.promptpay.gateway.testsupport.KafkaBroker;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The producer publishes to a broker of this test's own, which it stops: the shared broker of the other
 * tests is never touched.
 *
 * <p>Runs in a surefire execution (JVM) of its own (see pom.xml): a second Quarkus application in one JVM
 * gets its own class loader, so test-support's per-JVM statics (the shared broker's address, the test
 * database) would be created a second time.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.OwnBroker.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class KafkaOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCER_BOOTSTRAP = "mp.messaging.outgoing.payment-provider-events.bootstrap.servers";

    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OutageBrokerResource.class));
        }
    }

    public static class OutageBrokerResource implements QuarkusTestResourceLifecycleManager {
        private KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            broker = KafkaBroker.startIn(Path.of("target", "ingest-outage-broker"));
            // The channel's own setting: the GLOBAL resource keeps kafka.bootstrap.servers for everything else.
            return Map.of(PRODUCER_BOOTSTRAP, broker.bootstrapServers());
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(broker, new TestInjector.MatchesType(KafkaBroker.class));
        }

        @Override
        public void stop() {
            if (broker != null) {
                broker.close();
            }
        }
    }

    KafkaBroker broker;

    @TestHTTPResource("/webhooks/stripe")
    URI endpoint;

    @Test
    void brokerDownAnswers503AndALaterRetryPublishes() throws Exception {
        assertNotNull(broker, "the outage broker was not injected");
        String bootstrap = ConfigProvider.getConfig().getValue(PRODUCER_BOOTSTRAP, String.class);
        var before = paymentIntent("payment_intent.succeeded");
        HttpResponse<String> warm = Webhooks.post(endpoint, before.body(), signNow(CURRENT_SECRET, before.body()));
        assertEquals(200, warm.statusCode(), warm.body());
        assertEquals(1, ProviderEventsTopic.withEventId(bootstrap, before.eventId()).size());

        var event = paymentIntent("payment_intent.succeeded");
        double unavailableBefore = PrometheusScrape.value("gateway_webhooks_unavailable_total", "cause=\"kafka\"");
        broker.stop();
        try {
            long start = System.nanoTime();
            HttpResponse<String> down = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));
            Duration answeredAfter = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(503, down.statusCode(), down.body());
            StripeWebhookTest.assertProblem(down, 503);
            assertTrue(down.headers().firstValue("Retry-After").isPresent());
            assertTrue(answeredAfter.compareTo(Duration.ofSeconds(15)) < 0, "answered after " + answeredAfter);
            assertEquals(0, InboxTable.rows(event.eventId()), "a failed publish leaves no inbox row behind");
            assertEquals(unavailableBefore + 1,
                    PrometheusScrape.value("gateway_webhooks_unavailable_total", "cause=\"kafka\""));
        } finally {
            broker.start();
        }

        // Stripe retries with a fresh signature until it gets a 2xx.
        AtomicReference<HttpResponse<String>> accepted = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> retry = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));
            assertTrue(retry.statusCode() == 200 || retry.statusCode() == 503, retry.body());
            accepted.set(retry);
            return retry.statusCode() == 200;
        });
        assertEquals("published", JSON.readTree(accepted.get().body()).get("outcome").asText());

        List<ConsumerRecord<String, String>> records = ProviderEventsTopic.withEventId(bootstrap, event.eventId());
        assertEquals(1, records.size(), "the refused attempt was never sent; the retry was, once");
        assertEquals(event.intentId(), records.get(0).key());
        assertEquals(1, InboxTable.rows(event.eventId()));

        HttpResponse<String> again = Webhooks.post(endpoint, event.body(), signNow(CURRENT_SECRET, event.body()));
        assertEquals("duplicate", JSON.readTree(again.body()).get("outcome").asText());
        assertEquals(1, ProviderEventsTopic.withEventId(bootstrap, event.eventId()).size());
    }
}
