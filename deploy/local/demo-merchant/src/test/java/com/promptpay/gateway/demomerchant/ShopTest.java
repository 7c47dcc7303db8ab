package com.promptpay.gateway.demomerchant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeGateway.class)
class ShopTest {

    static final String SECRET = "rsec_test_demo";

    @BeforeEach
    @AfterEach
    void reset() {
        FakeGateway.REQUESTS.clear();
        FakeGateway.PAYMENTS.clear();
        FakeGateway.down = false;
    }

    @Test
    void shopOffersToPayOneHundredBaht() {
        given().get("/").then().statusCode(200)
                .body(containsString("Pay ฿100.00 with PromptPay"))
                .body(containsString("<form method=\"post\" action=\"/checkout\">"));
    }

    @Test
    void payCreatesAnIntentWithTheKeyAndGoesToThePaymentUrl() {
        given().redirects().follow(false).post("/checkout").then()
                .statusCode(303).header("Location", "http://localhost:3000/payment/pi_fake123");

        FakeGateway.Request request = FakeGateway.REQUESTS.get(0);
        assertEquals("POST", request.method());
        assertEquals("/payments/intents", request.path());
        assertEquals("Bearer sk_test_demo_merchant", request.authorization());
        assertTrue(request.idempotencyKey().startsWith("demo-order-"), request.idempotencyKey());
        assertTrue(request.body().contains("\"amount\":10000"), request.body());
        assertTrue(request.body().contains("\"callbackUrl\":\"http://localhost:3001/payment/success\""), request.body());
        assertTrue(request.body().contains("\"cancelUrl\":\"http://localhost:3001/payment/cancel\""), request.body());
        assertTrue(request.body().contains("\"email\":\"customer@example.com\""), request.body());
    }

    @Test
    void aGatewayThatSaysNoIsShownNotThrown() {
        FakeGateway.down = true;
        given().redirects().follow(false).post("/checkout").then()
                .statusCode(502).contentType(containsString("text/html"))
                .body(containsString("The gateway did not create the payment"))
                .body(containsString("the gateway answered 503: down for the test"));
    }

    private static String signed(String canonical) {
        return RedirectSignature.sign(canonical, SECRET);
    }

    @Test
    void successIsVerifiedBySignatureAndByAskingTheGateway() {
        FakeGateway.PAYMENTS.put("pi_ok1", new FakeGateway.Payment("succeeded", 10000));
        String signature = signed("amount=10000&payment_id=pi_ok1&status=success");

        given().get("/payment/success?payment_id=pi_ok1&status=success&amount=10000&signature=" + signature)
                .then().statusCode(200)
                .body(containsString("data-verified=\"true\""))
                .body(containsString("<dd id=\"signature\" class=\"ok\">valid</dd>"))
                .body(containsString("Payment verified"));
        FakeGateway.Request check = FakeGateway.REQUESTS.get(0);
        assertEquals("GET", check.method());
        assertEquals("/payments/pi_ok1", check.path());
        // The seed's local path works too.
        given().get("/success?payment_id=pi_ok1&status=success&amount=10000&signature=" + signature)
                .then().statusCode(200).body(containsString("data-verified=\"true\""));
    }

    @Test
    void aForgedOrUnconfirmedSuccessIsNotBelieved() {
        FakeGateway.PAYMENTS.put("pi_open1", new FakeGateway.Payment("requires_action", 10000));
        FakeGateway.PAYMENTS.put("pi_ok2", new FakeGateway.Payment("succeeded", 10000));

        // Tampered amount: the signature no longer matches.
        given().get("/payment/success?payment_id=pi_ok2&status=success&amount=1&signature="
                + signed("amount=10000&payment_id=pi_ok2&status=success"))
                .then().body(containsString("data-verified=\"false\"")).body(containsString(">invalid</dd>"));
        // No signature at all (the seed's unsigned redirect): the server-side check alone is not enough here.
        given().get("/payment/success?payment_id=pi_ok2&status=success&amount=10000")
                .then().body(containsString("data-verified=\"false\"")).body(containsString(">missing</dd>"));
        // Correctly signed but the gateway says it is not paid.
        given().get("/payment/success?payment_id=pi_open1&status=success&amount=10000&signature="
                + signed("amount=10000&payment_id=pi_open1&status=success"))
                .then().body(containsString("data-verified=\"false\"")).body(containsString("requires_action"));
        // Nonsense ids are not sent to the gateway.
        given().get("/payment/success?payment_id=../admin&status=success")
                .then().statusCode(200).body(containsString("payment_id is missing or malformed"));
        assertTrue(FakeGateway.REQUESTS.stream().noneMatch(request -> request.path().contains("admin")));
    }

    @Test
    void cancelIsVerifiedToo() {
        FakeGateway.PAYMENTS.put("pi_gone1", new FakeGateway.Payment("canceled", 10000));
        given().get("/payment/cancel?payment_id=pi_gone1&status=cancel&signature=" + signed("payment_id=pi_gone1&status=cancel"))
                .then().statusCode(200)
                .body(containsString("data-verified=\"true\""))
                .body(containsString("Payment cancelled"));
        given().get("/cancel?payment_id=pi_gone1&status=cancel&signature=" + signed("payment_id=pi_gone1&status=cancel"))
                .then().body(containsString("data-verified=\"true\""));
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
