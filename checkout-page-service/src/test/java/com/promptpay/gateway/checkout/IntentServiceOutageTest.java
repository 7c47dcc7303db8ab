package com.promptpay.gateway.checkout;

import static com.promptpay.gateway.checkout.support.Text.has;
import static com.promptpay.gateway.checkout.support.Text.hasNot;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.promptpay.gateway.checkout.support.FakeIntentService;
import com.promptpay.gateway.checkout.support.FakeIntentService.Intent;
import com.promptpay.gateway.checkout.support.FakeIntentService.Mode;
import com.promptpay.gateway.checkout.support.FakeIntentServiceResource;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * intent-service down, slow or talking nonsense: the shopper gets a polite page that retries by itself,
 * never a 500; the circuit breaker stops hammering a dead intent-service and lets it recover.
 * Own profile (short timeouts, a small circuit), so the open circuit cannot leak into other tests.
 */
@QuarkusTest
@TestProfile(IntentServiceOutageTest.ShortTimeouts.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeIntentServiceResource.class, scope = TestResourceScope.GLOBAL)
class IntentServiceOutageTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        private static final String CLIENT = "com.promptpay.gateway.checkout.client.IntentServiceClient/";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry(CLIENT + "details/Timeout/value", "300"),
                    Map.entry(CLIENT + "details/Timeout/unit", "MILLIS"),
                    Map.entry(CLIENT + "details/Retry/delay", "10"),
                    Map.entry(CLIENT + "details/CircuitBreaker/requestVolumeThreshold", "6"),
                    Map.entry(CLIENT + "details/CircuitBreaker/delay", "2"),
                    Map.entry(CLIENT + "returnTo/Timeout/value", "300"),
                    Map.entry(CLIENT + "returnTo/Timeout/unit", "MILLIS"),
                    Map.entry(CLIENT + "returnTo/Retry/delay", "10"),
                    Map.entry(CLIENT + "returnTo/CircuitBreaker/requestVolumeThreshold", "1000"));
        }
    }

    private final FakeIntentService fake = FakeIntentServiceResource.fake();

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterEach
    void healthyAgain() {
        fake.reset();
        // Leave with a closed circuit: the page answers again.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().get("/payment/" + fake.create().id).statusCode() == 200);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = { "UNAVAILABLE", "GARBAGE", "DROP" })
    void pageSaysSoPolitelyAndRetriesByItself(Mode mode) {
        Intent intent = fake.create();
        fake.mode(mode);

        Response th = given().get("/payment/" + intent.id);
        Response en = given().get("/payment/" + intent.id + "?lang=en");

        assertEquals(503, th.statusCode());
        assertTrue(th.contentType().startsWith("text/html"));
        assertEquals("5", th.header("Retry-After"));
        has(th.asString(), "ระบบชำระเงินขัดข้องชั่วคราว",
                "<meta http-equiv=\"refresh\" content=\"5;url=/payment/" + intent.id + "?lang=th\">");
        has(en.asString(), "Payments are briefly unavailable", "tries again by itself",
                "href=\"/payment/" + intent.id + "?lang=en\">Try again now</a>");
        for (Response response : new Response[] { th, en }) {
            hasNot(response.asString(), "Exception", "at com.", "at io.", "<noscript><meta");
        }
    }

    @Test
    void returnAndStatusAlsoDegradeGracefully() {
        Intent intent = fake.create();
        fake.mode(Mode.UNAVAILABLE);

        Response back = given().redirects().follow(false).get("/payment/" + intent.id + "/return?lang=en");
        assertEquals(503, back.statusCode());
        has(back.asString(), "content=\"5;url=/payment/" + intent.id + "/return?lang=en\"");

        given().get("/payment/" + intent.id + "/status").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("status", org.hamcrest.Matchers.is(503));
        given().get("/payment/" + intent.id + "/qr.png").then().statusCode(503)
                .contentType("application/problem+json");
    }

    @Test
    void aSlowIntentServiceCostsTheShopperATimeoutNotAHang() {
        Intent intent = fake.create();
        fake.delay(Duration.ofSeconds(3));

        long started = System.nanoTime();
        Response response = given().get("/payment/" + intent.id);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(503, response.statusCode());
        // Three attempts of at most 300 ms each, 10 ms apart: well under the 3 s intent-service would take.
        assertTrue(millis < 2000, "answered after " + millis + " ms");
    }

    @Test
    void theCircuitOpensAndIntentServiceIsLeftAlone() {
        Intent intent = fake.create();
        fake.mode(Mode.UNAVAILABLE);
        for (int i = 0; i < 6; i++) {
            assertEquals(503, given().get("/payment/" + intent.id).statusCode());
        }
        long callsWhenOpen = fake.callsTo(intent.id);

        for (int i = 0; i < 20; i++) {
            assertEquals(503, given().get("/payment/" + intent.id).statusCode());
        }

        assertEquals(callsWhenOpen, fake.callsTo(intent.id), "no call reaches intent-service while the circuit is open");
    }
}
