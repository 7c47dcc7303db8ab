package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Idempotency-Key with Stripe's semantics. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class IdempotencyTest {

    @Test
    void aRetryWithTheSameKeyReplaysTheFirstResponse() {
        String key = IntentTesting.newMerchant("Retry Shop").getString("apiKey");
        String first = post(key, "order-1", IntentTesting.seedBody()).then().statusCode(201).extract().asString();
        String again = post(key, "order-1", IntentTesting.seedBody()).then().statusCode(201).extract().asString();

        assertEquals(first, again);
        assertEquals(1, intentsOf(key).size());
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() {
        String key = IntentTesting.newMerchant("Conflict Shop").getString("apiKey");
        post(key, "order-2", IntentTesting.seedBody()).then().statusCode(201);
        post(key, "order-2", IntentTesting.seedBody().replace("10000", "20000")).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("different request body"));
    }

    @Test
    void keysAreScopedToTheMerchant() {
        String keyA = IntentTesting.newMerchant("Scoped A").getString("apiKey");
        String keyB = IntentTesting.newMerchant("Scoped B").getString("apiKey");
        String a = post(keyA, "shared-key", IntentTesting.seedBody()).then().statusCode(201).extract().path("paymentIntentId");
        String b = post(keyB, "shared-key", IntentTesting.seedBody()).then().statusCode(201).extract().path("paymentIntentId");
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
    }

    @Test
    void aHundredConcurrentIdenticalRequestsMakeExactlyOneIntent() throws Exception {
        String key = IntentTesting.newMerchant("Concurrent Shop").getString("apiKey");
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Callable<Response>> requests = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                requests.add(() -> post(key, "order-concurrent", IntentTesting.seedBody()));
            }
            Set<String> bodies = new HashSet<>();
            for (Future<Response> response : pool.invokeAll(requests)) {
                assertEquals(201, response.get().statusCode(), response.get().asString());
                bodies.add(response.get().asString());
            }
            assertEquals(1, bodies.size(), "every caller sees the same response");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, intentsOf(key).size());
        String intentId = (String) intentsOf(key).get(0).get("id");
        assertEquals(1L, IntentTesting.query("SELECT count(*) AS n FROM outbox_event WHERE message_key = '" + intentId
                + "' AND type = 'payment_intent.created'").get(0).get("n"));
    }

    @Test
    void keysPastTheirTwentyFourHoursAreForgottenAndFreshOnesKept() {
        String key = IntentTesting.newMerchant("Forgetful Shop").getString("apiKey");
        post(key, "fresh-key", IntentTesting.seedBody()).then().statusCode(201);
        post(key, "stale-key", IntentTesting.seedBody()).then().statusCode(201);
        IntentTesting.update("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'stale-key'");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> (Long) IntentTesting.query(
                "SELECT count(*) AS n FROM idempotency_key WHERE key = 'stale-key'").get(0).get("n") == 0L);
        assertEquals(1L, IntentTesting.query("SELECT count(*) AS n FROM idempotency_key WHERE key = 'fresh-key'").get(0).get("n"));
    }

    @Test
    void aMalformedKeyIsRefused() {
        String key = IntentTesting.newMerchant("Key Shop").getString("apiKey");
        post(key, "x".repeat(256), IntentTesting.seedBody()).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.is("Idempotency-Key"));
    }

    private static Response post(String apiKey, String idempotencyKey, String body) {
        return given().header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", idempotencyKey)
                .contentType("application/json").body(body).post("/payments/intents");
    }

    private static List<java.util.Map<String, Object>> intentsOf(String apiKey) {
        String merchant = (String) IntentTesting.query("SELECT merchant_id FROM api_key WHERE key_hash = '"
                + com.promptpay.gateway.intent.service.ApiKeys.hash(apiKey) + "'").get(0).get("merchant_id");
        return IntentTesting.query("SELECT id FROM payment_intent WHERE merchant_id = '" + merchant + "'");
    }
}
