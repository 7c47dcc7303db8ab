package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Each validation rule: a clear problem+json 400 naming the field, and nothing created. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class CreateValidationTest {

    private static String key;

    /** Made on first use: RestAssured knows the application's port only once a test runs. */
    private static synchronized String key() {
        if (key == null) {
            key = IntentTesting.newMerchant("Validation Shop").getString("apiKey");
        }
        return key;
    }

    private static String body(String amount, String email, String callbackUrl, String extra) {
        return "{\"amount\": " + amount + ", \"email\": " + email + ", \"callbackUrl\": " + callbackUrl
                + ", \"cancelUrl\": \"https://your-site.com/payment/cancel\"" + extra + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing amount          | null            | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | is required",
            "amount as string        | \"10000\"       | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | must be an integer",
            "fractional amount       | 100.5           | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | must be an integer",
            "below Stripe's minimum  | 999             | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | at least 1000 satang (฿10.00)",
            "above the maximum       | 100000000       | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | at most 99999999 satang (฿999,999.99)",
            "huge number             | 1e400           | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | must be an integer",
            "negative amount         | -1              | \"a@b.co\" | \"https://your-site.com/ok\" |  | amount | at least 1000",
            "missing email           | 10000           | null       | \"https://your-site.com/ok\" |  | email | is required",
            "email without at        | 10000           | \"nobody\" | \"https://your-site.com/ok\" |  | email | must be an email address",
            "email as number         | 10000           | 42         | \"https://your-site.com/ok\" |  | email | must be a string",
            "http callback           | 10000           | \"a@b.co\" | \"http://your-site.com/ok\"  |  | callbackUrl | must use https",
            "javascript callback     | 10000           | \"a@b.co\" | \"javascript:alert(1)\"      |  | callbackUrl | absolute URL",
            "scheme-relative         | 10000           | \"a@b.co\" | \"//evil.example/x\"         |  | callbackUrl | absolute URL",
            "user info trick         | 10000           | \"a@b.co\" | \"https://your-site.com@evil.example/\" |  | callbackUrl | must not contain user info",
            "user info on own host   | 10000           | \"a@b.co\" | \"https://me@your-site.com/\" |  | callbackUrl | must not contain user info",
            "other origin            | 10000           | \"a@b.co\" | \"https://evil.example/ok\"  |  | callbackUrl | not one of the merchant's allowed origins",
            "other port              | 10000           | \"a@b.co\" | \"https://your-site.com:8443/ok\" |  | callbackUrl | not one of the merchant's allowed origins",
            "missing callback        | 10000           | \"a@b.co\" | null                        |  | callbackUrl | is required",
            "long description        | 10000           | \"a@b.co\" | \"https://your-site.com/ok\" | , \"description\": \"%LONG%\" | description | at most 1000",
            "metadata not an object  | 10000           | \"a@b.co\" | \"https://your-site.com/ok\" | , \"metadata\": [1] | metadata | must be an object",
            "metadata number value   | 10000           | \"a@b.co\" | \"https://your-site.com/ok\" | , \"metadata\": {\"n\": 1} | metadata.n | must be a string",
            "metadata long key       | 10000           | \"a@b.co\" | \"https://your-site.com/ok\" | , \"metadata\": {\"%KEY41%\": \"v\"} | metadata. | keys must be 1 to 40",
    })
    void refusesWithTheFieldNamed(String name, String amount, String email, String callbackUrl, String extra,
            String field, String message) {
        String json = body(amount, email, callbackUrl, extra == null ? "" : extra.replace("%LONG%", "x".repeat(1001))
                .replace("%KEY41%", "k".repeat(41)));
        int before = countIntents();
        given().header("Authorization", "Bearer " + key()).contentType("application/json").body(json)
                .post("/payments/intents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.find { it.field.startsWith('" + field + "') }.message", containsString(message))
                .body(not(containsString("Exception")));
        org.junit.jupiter.api.Assertions.assertEquals(before, countIntents(), "nothing may be created");
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        given().header("Authorization", "Bearer " + key()).contentType("application/json")
                .body("{\"amount\": \"x\", \"email\": \"no\", \"cancelUrl\": \"ftp://x\"}")
                .post("/payments/intents").then().statusCode(400)
                .body("errors.field", hasItem("amount")).body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("callbackUrl")).body("errors.field", hasItem("cancelUrl"));
    }

    @Test
    void tooManyMetadataKeys() {
        StringBuilder metadata = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        given().header("Authorization", "Bearer " + key()).contentType("application/json")
                .body(body("10000", "\"a@b.co\"", "\"https://your-site.com/ok\"", ", \"metadata\": " + metadata + "}"))
                .post("/payments/intents").then().statusCode(400).body("errors[0].field", is("metadata"))
                .body("errors[0].message", containsString("at most 50 keys"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"amount\": ", "not json at all", "[1,2,3]", "\"just a string\""})
    void malformedOrNonObjectBodiesAreA400(String json) {
        given().header("Authorization", "Bearer " + key()).contentType("application/json").body(json)
                .post("/payments/intents").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is("body"));
    }

    @Test
    void deeplyNestedJsonIsRefusedNotExplored() {
        String bomb = "{\"metadata\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        given().header("Authorization", "Bearer " + key()).contentType("application/json").body(bomb)
                .post("/payments/intents").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void oversizedBodiesAreRefused() {
        String huge = body("10000", "\"a@b.co\"", "\"https://your-site.com/ok\"",
                ", \"description\": \"" + "x".repeat(70_000) + "\"");
        given().header("Authorization", "Bearer " + key()).contentType("application/json").body(huge)
                .post("/payments/intents").then().statusCode(413);
    }

    @Test
    void theSeedsOwnLocalTestOmitsDescriptionAndMetadata() {
        given().header("Authorization", "Bearer " + key()).contentType("application/json")
                .body("{\"amount\": 1000, \"email\": \"customer@example.com\", "
                        + "\"callbackUrl\": \"http://localhost:3001/payment/success\", "
                        + "\"cancelUrl\": \"http://localhost:3001/payment/cancel\"}")
                .post("/payments/intents").then().statusCode(201).body("status", is("requires_action"));
    }

    private static int countIntents() {
        return ((Number) IntentTesting.query("SELECT count(*) AS n FROM payment_intent").get(0).get("n")).intValue();
    }
}
