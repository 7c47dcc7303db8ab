package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Text PostgreSQL cannot store, found by the e2e FuzzIT: a NUL in a merchant's name or in metadata (jsonb) made the
 * insert fail, answered as a 500. It is the caller's bad input: a 400 naming the field, and nothing stored.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class StoredTextTest {

    private static String key;

    private static synchronized String key() {
        if (key == null) {
            key = IntentTesting.newMerchant("Stored Text Shop").getString("apiKey");
        }
        return key;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in a metadata value     | {\"orderId\": \"12\\u000045\"}  | metadata.orderId",
            "NUL in a metadata key       | {\"order\\u0000Id\": \"12345\"} | metadata.order",
            "lone surrogate in a value   | {\"orderId\": \"\\ud800\"}       | metadata.orderId",
            "lone surrogate in a key     | {\"\\udc00\": \"12345\"}         | metadata.",
    })
    void metadataPostgresCannotStoreIsA400(String name, String metadata, String field) {
        int before = count("payment_intent");
        given().header("Authorization", "Bearer " + key()).contentType("application/json")
                .body("{\"amount\": 10000, \"email\": \"a@b.co\", \"callbackUrl\": \"https://your-site.com/ok\", "
                        + "\"cancelUrl\": \"https://your-site.com/cancel\", \"metadata\": " + metadata + "}")
                .post("/payments/intents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.startsWith(field));
        assertEquals(before, count("payment_intent"), "nothing may be created");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in the name             | \"Shop\\u0000\"",
            "lone surrogate in the name  | \"Shop \\ud83d\"",
    })
    void aMerchantNamePostgresCannotStoreIsA400(String name, String json) {
        int before = count("merchant");
        given().header("Authorization", IntentTesting.ADMIN).contentType("application/json")
                .body("{\"name\": " + json + ", \"allowedOrigins\": [\"https://your-site.com\"]}")
                .post("/admin/merchants")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("name"));
        assertEquals(before, count("merchant"), "nothing may be created");
    }

    private static int count(String table) {
        return ((Number) IntentTesting.query("SELECT count(*) AS n FROM " + table).get(0).get("n")).intValue();
    }
}
