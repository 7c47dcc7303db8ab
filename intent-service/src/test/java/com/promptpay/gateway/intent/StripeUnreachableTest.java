package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.FreePort;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** When Stripe cannot be reached the merchant is told to retry (503), never a 500, and nothing is created. */
@QuarkusTest
@TestProfile(StripeUnreachableTest.StripeNowhere.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class StripeUnreachableTest {

    public static class StripeNowhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.stripe.api-base", "http://127.0.0.1:" + FreePort.pick(),
                    "gateway.stripe.timeout", "PT2S");
        }
    }

    @Test
    void anUnreachableProviderIsA503WithRetryAfterAndCreatesNothing() {
        String key = IntentTesting.newMerchant("Outage Shop").getString("apiKey");
        long before = (Long) IntentTesting.query("SELECT count(*) AS n FROM payment_intent").get(0).get("n");

        given().header("Authorization", "Bearer " + key).header("Idempotency-Key", "outage-1")
                .contentType("application/json").body(IntentTesting.seedBody()).post("/payments/intents")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("title", is("Payment provider unavailable")).body(not(containsString("Exception")));

        org.junit.jupiter.api.Assertions.assertEquals(before,
                (Long) IntentTesting.query("SELECT count(*) AS n FROM payment_intent").get(0).get("n"));
        // The key was released, so a retry is not stuck behind the failed attempt.
        org.junit.jupiter.api.Assertions.assertEquals(0L, (Long) IntentTesting.query(
                "SELECT count(*) AS n FROM idempotency_key WHERE key = 'outage-1'").get(0).get("n"));
    }
}
