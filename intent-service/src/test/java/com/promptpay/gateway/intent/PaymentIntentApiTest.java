package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;


import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The Thai seed's merchant API, end to end through stripe-java and the emulator. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class PaymentIntentApiTest {

    @Test
    void theSeedsRequestGetsTheSeedsResponse() throws Exception {
        String key = IntentTesting.newMerchant("Seed Shop").getString("apiKey");

        var created = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(IntentTesting.seedBody())
                .post("/payments/intents")
                .then().statusCode(201)
                .body("paymentIntentId", startsWith("pi_"))
                .body("status", is("requires_action"))
                .body("amount", is(10000))
                .body("currency", is("thb"))
                .body("qr.imageUrl", startsWith("http"))
                .body("qr.data", notNullValue())
                .body("expiresAt", notNullValue())
                .extract().jsonPath();
        String id = created.getString("paymentIntentId");
        assertEquals("http://localhost:3000/payment/" + id, created.getString("paymentUrl"));

        // Stripe has the PromptPay PaymentIntent, confirmed, with our id in its metadata.
        StripeClient stripe = StripeClient.builder().setApiKey(StripeEmulatorResource.SECRET_KEY)
                .setApiBase(StripeEmulatorResource.emulator().apiBase()).build();
        PaymentIntent atStripe = stripe.v1().paymentIntents().retrieve(IntentTesting.stripeIdOf(id));
        assertEquals("requires_action", atStripe.getStatus());
        assertEquals(10000L, atStripe.getAmount());
        assertEquals(id, atStripe.getMetadata().get("gateway_intent_id"));
        assertEquals("promptpay_display_qr_code", atStripe.getNextAction().getType());
        assertEquals(atStripe.getNextAction().getPromptpayDisplayQrCode().getData(), created.getString("qr.data"));
    }

    @Test
    void withoutAKeyOnlyWhatVerificationNeedsIsShown() {
        String key = IntentTesting.newMerchant("Private Shop").getString("apiKey");
        String id = IntentTesting.createIntent(key);

        given().get("/payments/" + id).then().statusCode(200)
                .body("id", is(id)).body("status", is("requires_action")).body("amount", is(10000))
                .body("currency", is("thb"))
                .body("$", allOf(not(hasKey("email")), not(hasKey("metadata")), not(hasKey("description"))));

        given().header("Authorization", "Bearer " + key).get("/payments/" + id).then().statusCode(200)
                .body("email", is("customer@example.com"))
                .body("metadata.orderId", is("12345"))
                .body("callbackUrl", is("https://your-site.com/payment/success"));
    }

    @Test
    void aMerchantCanNeitherReadNorCancelAnothersIntent() {
        String keyA = IntentTesting.newMerchant("Shop A").getString("apiKey");
        String keyB = IntentTesting.newMerchant("Shop B").getString("apiKey");
        String intentOfA = IntentTesting.createIntent(keyA);

        given().header("Authorization", "Bearer " + keyB).get("/payments/" + intentOfA).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + keyB).post("/payments/" + intentOfA + "/cancel").then().statusCode(404);
        given().header("Authorization", "Bearer " + keyB).get("/payments").then().statusCode(200)
                .body("data.id", not(org.hamcrest.Matchers.hasItem(intentOfA)));

        given().get("/payments/" + intentOfA).then().body("status", is("requires_action"));
    }

    @Test
    void aBadKeyIsRefusedNotTreatedAsAnonymous() {
        given().header("Authorization", "Bearer sk_not_a_real_key").get("/payments").then().statusCode(401)
                .contentType("application/problem+json").body("status", is(401));
        given().contentType("application/json").body(IntentTesting.seedBody()).post("/payments/intents")
                .then().statusCode(401).body("detail", startsWith("Send your API key"));
    }

    @Test
    void cancelCancelsAtStripeAndIsIdempotent() throws Exception {
        String key = IntentTesting.newMerchant("Cancel Shop").getString("apiKey");
        String id = IntentTesting.createIntent(key);

        given().header("Authorization", "Bearer " + key).post("/payments/" + id + "/cancel").then().statusCode(200)
                .body("status", is("canceled"));
        given().header("Authorization", "Bearer " + key).post("/payments/" + id + "/cancel").then().statusCode(200)
                .body("status", is("canceled"));

        StripeClient stripe = StripeClient.builder().setApiKey(StripeEmulatorResource.SECRET_KEY)
                .setApiBase(StripeEmulatorResource.emulator().apiBase()).build();
        assertEquals("canceled", stripe.v1().paymentIntents().retrieve(IntentTesting.stripeIdOf(id)).getStatus());
    }

    @Test
    void cancelAfterThePaymentWentThroughAtStripeIsRefusedAndThePaymentKept() {
        String key = IntentTesting.newMerchant("Race Shop").getString("apiKey");
        String id = IntentTesting.createIntent(key);
        StripeEmulatorResource.emulator().authorize(IntentTesting.stripeIdOf(id));

        given().header("Authorization", "Bearer " + key).post("/payments/" + id + "/cancel").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("succeeded"));
        given().get("/payments/" + id).then().body("status", is("succeeded"));
    }

    @Test
    void listsNewestFirstWithACursorAndAStatusFilter() {
        String key = IntentTesting.newMerchant("List Shop").getString("apiKey");
        String first = IntentTesting.createIntent(key);
        String second = IntentTesting.createIntent(key);
        String third = IntentTesting.createIntent(key);
        given().header("Authorization", "Bearer " + key).post("/payments/" + second + "/cancel").then().statusCode(200);

        var page = given().header("Authorization", "Bearer " + key).queryParam("limit", 2).get("/payments")
                .then().statusCode(200).body("data.id", contains(third, second)).body("hasMore", is(true))
                .extract().jsonPath();
        given().header("Authorization", "Bearer " + key).queryParam("limit", 2)
                .queryParam("startingAfter", page.getString("nextCursor")).get("/payments")
                .then().statusCode(200).body("data.id", contains(first)).body("hasMore", is(false))
                .body("nextCursor", nullValue());
        given().header("Authorization", "Bearer " + key).queryParam("status", "canceled").get("/payments")
                .then().statusCode(200).body("data.id", contains(second));
        given().header("Authorization", "Bearer " + key).queryParam("status", "paid").get("/payments")
                .then().statusCode(400).body("errors[0].field", is("status"));
        given().header("Authorization", "Bearer " + key).queryParam("limit", 0).get("/payments")
                .then().statusCode(400).body("errors[0].field", is("limit"));
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        given().get("/payments/pi_doesnotexist000000000000").then().statusCode(404).contentType("application/problem+json");
        given().get("/payments/..%2F..%2Fetc").then().statusCode(404);
        given().get("/payments/' OR 1=1 --").then().statusCode(404);
    }

    @Test
    void rotatedKeysBothWorkUntilTheOldOneIsDeleted() {
        var merchant = IntentTesting.newMerchant("Rotating Shop");
        String id = merchant.getString("id");
        String oldKey = merchant.getString("apiKey");
        var added = given().header("Authorization", IntentTesting.ADMIN).post("/admin/merchants/" + id + "/api-keys")
                .then().statusCode(201).extract().jsonPath();
        String newKey = added.getString("apiKey");

        given().header("Authorization", "Bearer " + oldKey).get("/payments").then().statusCode(200);
        given().header("Authorization", "Bearer " + newKey).get("/payments").then().statusCode(200);

        given().header("Authorization", IntentTesting.ADMIN)
                .delete("/admin/merchants/" + id + "/api-keys/" + merchant.getString("apiKeyId")).then().statusCode(204);
        given().header("Authorization", "Bearer " + oldKey).get("/payments").then().statusCode(401);
        given().header("Authorization", "Bearer " + newKey).get("/payments").then().statusCode(200);
    }

    @Test
    void theAdminApiNeedsTheAdminTokenAndShowsSecretsOnce() {
        given().contentType("application/json").body(Map.of("name", "x")).post("/admin/merchants").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body(Map.of("name", "x"))
                .post("/admin/merchants").then().statusCode(401);

        var created = IntentTesting.newMerchant("Secret Shop");
        org.junit.jupiter.api.Assertions.assertTrue(created.getString("webhookSecret").startsWith("whsec_"));
        org.junit.jupiter.api.Assertions.assertTrue(created.getString("apiKey").startsWith("sk_"));
        given().header("Authorization", IntentTesting.ADMIN).get("/admin/merchants/" + created.getString("id"))
                .then().statusCode(200).body("name", equalTo("Secret Shop"))
                .body("$", allOf(not(hasKey("apiKey")), not(hasKey("webhookSecret")), not(hasKey("redirectSecret"))));
        // Stored hashed and sealed: the database never holds a secret in clear.
        var row = IntentTesting.query("SELECT * FROM merchant m JOIN api_key k ON k.merchant_id = m.id WHERE m.id = '"
                + created.getString("id") + "'").get(0).toString();
        org.junit.jupiter.api.Assertions.assertFalse(row.contains(created.getString("apiKey")));
        org.junit.jupiter.api.Assertions.assertFalse(row.contains(created.getString("webhookSecret")));
        org.junit.jupiter.api.Assertions.assertFalse(row.contains(created.getString("redirectSecret")));
    }
}
