package com.promptpay.gateway.dispatcher;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.dispatcher.client.WebhookHttpClient;
import com.promptpay.gateway.dispatcher.support.Api;
import com.promptpay.gateway.dispatcher.support.ProgrammableResolver;
import com.promptpay.gateway.dispatcher.support.Sink;
import com.promptpay.gateway.dispatcher.support.TestKafka;
import com.promptpay.gateway.dispatcher.support.TestMerchant;
import com.promptpay.gateway.events.EventTypes;
import com.promptpay.gateway.events.PaymentIntentEvent;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The SSRF guard at send time, through the whole delivery path, with the injected {@link ProgrammableResolver}.
 * The test profile sets {@code connect-only-to-loopback}: had the guard let a non-loopback address through, the
 * client would have refused to connect and counted it, and {@link #noConnectionToANonLoopbackAddressWasAttempted}
 * fails.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class SsrfDeliveryTest {

    @Inject
    WebhookHttpClient client;

    @AfterEach
    void noConnectionToANonLoopbackAddressWasAttempted() {
        assertEquals(0.0, client.refusedConnections());
    }

    @Test
    void internalDestinationsAreRefusedAtSendTimeAndNothingIsSent() {
        try (Sink sink = new Sink()) {
            int port = sink.port();
            ProgrammableResolver.program("metadata.ssrf.test", List.of(List.of("169.254.169.254")));
            ProgrammableResolver.program("internal.ssrf.test", List.of(List.of("10.0.0.7")));
            ProgrammableResolver.program("mixed.ssrf.test", List.of(List.of("93.184.216.34", "192.168.1.1")));
            ProgrammableResolver.program("ula.ssrf.test", List.of(List.of("fd00::1")));
            List<String> urls = List.of(
                    "http://metadata.ssrf.test/latest/meta-data/", "http://internal.ssrf.test/hook",
                    "http://mixed.ssrf.test/hook", "http://ula.ssrf.test/hook", "http://100.64.0.1/hook",
                    // Loopback is allow-listed in tests, but not in disguise: each of these would reach the sink.
                    "http://[::ffff:127.0.0.1]:" + port + "/hook", "http://2130706433:" + port + "/hook",
                    "http://0x7f.0.0.1:" + port + "/hook", "http://127.1:" + port + "/hook",
                    "http://0177.0.0.1:" + port + "/hook");

            List<TestMerchant> merchants = new ArrayList<>();
            List<String[]> events = new ArrayList<>();
            for (String url : urls) {
                TestMerchant merchant = TestMerchant.standard(url).publish();
                PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
                events.add(new String[] { intent.paymentIntentId(), TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent) });
                merchants.add(merchant);
            }
            for (int i = 0; i < urls.size(); i++) {
                TestMerchant merchant = merchants.get(i);
                String intentId = events.get(i)[0];
                String eventId = events.get(i)[1];
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<String, Object> delivery = Api.deliveryOfEvent(merchant, intentId, eventId);
                    return delivery != null && (Integer) delivery.get("attemptCount") >= 1;
                });
                JsonPath delivery = Api.delivery(merchant, (String) Api.deliveryOfEvent(merchant, intentId, eventId).get("id"));
                assertEquals("blocked", delivery.getString("attempts[0].outcome"), urls.get(i));
                assertThat(urls.get(i), delivery.getString("attempts[0].error"), startsWith("blocked: "));
            }
            assertEquals(List.of(), sink.received());
        }
    }

    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressIsConnectedToWithTheOriginalHost() {
        try (Sink sink = new Sink()) {
            // DNS rebinding: the first answer is the allowed one, every later answer an internal address.
            ProgrammableResolver.program("shop.ssrf.test", List.of(List.of("127.0.0.1"), List.of("10.9.9.9")));
            TestMerchant merchant = TestMerchant.standard("http://shop.ssrf.test:" + sink.port() + "/hook?src=gw").publish();
            PaymentIntentEvent intent = TestKafka.intent(merchant.id(), "succeeded", 1000, null, Map.of());
            String eventId = TestKafka.intentEvent(EventTypes.PAYMENT_INTENT_SUCCEEDED, intent);

            Api.awaitDelivery(merchant, intent.paymentIntentId(), eventId, "succeeded");

            assertEquals(1, sink.received().size());
            Sink.Received request = sink.received().get(0);
            assertEquals("shop.ssrf.test:" + sink.port(), request.header("host"));
            assertEquals("/hook?src=gw", request.path());
            assertEquals(1, ProgrammableResolver.calls("shop.ssrf.test"));

            // The next delivery resolves again, gets the internal address, and is refused.
            String testDelivery = given(merchant).post("/webhook-endpoints/test").then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !Api.delivery(merchant, testDelivery).getList("attempts").isEmpty());
            JsonPath refused = Api.delivery(merchant, testDelivery);
            assertEquals("blocked", refused.getString("attempts[0].outcome"));
            assertThat(refused.getString("attempts[0].error"), startsWith("blocked: shop.ssrf.test resolves to 10.9.9.9"));
            assertEquals(1, sink.received().size());
        }
    }

    private static io.restassured.specification.RequestSpecification given(TestMerchant merchant) {
        return io.restassured.RestAssured.given().header("Authorization", merchant.authorization());
    }
}
