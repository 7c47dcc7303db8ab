package com.promptpay.gateway.stripeemulator.testpage;

import static com.promptpay.gateway.stripeemulator.support.Emulator.stripe;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.promptpay.gateway.stripeemulator.support.Emulator;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiverResource;
import com.stripe.model.PaymentIntent;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TestPageTest {

    private static PaymentIntent create(long amount, String description) throws Exception {
        return stripe().v1().paymentIntents().create(
                Emulator.promptPay(amount, "pi_gw_page").setDescription(description).build());
    }

    private static String pagePath(PaymentIntent intent) {
        return "/promptpay/" + intent.getId();
    }

    @Test
    void showsAmountInBahtDescriptionAndBothButtons() throws Exception {
        PaymentIntent intent = create(10_000, "Coffee beans <1 kg>");

        given().get(intent.getNextAction().getPromptpayDisplayQrCode().getHostedInstructionsUrl()).then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("฿100.00"))
                .body(containsString("Coffee beans &lt;1 kg&gt;"))
                .body(containsString("Authorize test payment"))
                .body(containsString("Fail test payment"))
                .body(containsString("action=\"" + pagePath(intent) + "/authorize\""))
                .body(containsString("requires_action"))
                .body(not(containsString("<script")))
                .body(not(containsString("https://")));
    }

    @Test
    void authorizeButtonSucceedsThePayment() throws Exception {
        PaymentIntent intent = create(25_050, "Authorize me");

        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .post(pagePath(intent) + "/authorize").then()
                .statusCode(303)
                .header("Location", endsWith(pagePath(intent)));

        PaymentIntent after = stripe().v1().paymentIntents().retrieve(intent.getId());
        assertEquals("succeeded", after.getStatus());
        assertEquals(25_050L, after.getAmountReceived());
        given().get(pagePath(intent)).then().statusCode(200)
                .body(containsString("succeeded"))
                .body(not(containsString("Authorize test payment")));
    }

    @Test
    void failButtonSendsThePaymentBackToRequiresPaymentMethod() throws Exception {
        PaymentIntent intent = create(10_000, "Fail me");

        given().redirects().follow(false).post(pagePath(intent) + "/fail").then().statusCode(303);

        PaymentIntent after = stripe().v1().paymentIntents().retrieve(intent.getId());
        assertEquals("requires_payment_method", after.getStatus());
        assertEquals("payment_intent_payment_attempt_failed", after.getLastPaymentError().getCode());
        assertEquals(intent.getPaymentMethod(), after.getLastPaymentError().getPaymentMethod().getId());
        assertEquals(null, after.getPaymentMethod());
        assertEquals(null, after.getNextAction());
    }

    @Test
    void aFinishedPaymentCannotBeAuthorizedAgain() throws Exception {
        PaymentIntent intent = create(10_000, "Canceled first");
        stripe().v1().paymentIntents().cancel(intent.getId());

        given().redirects().follow(false).post(pagePath(intent) + "/authorize").then()
                .statusCode(400)
                .body(containsString("status of canceled"));

        assertEquals("canceled", stripe().v1().paymentIntents().retrieve(intent.getId()).getStatus());
    }

    @Test
    void unknownPaymentIsA404Page() {
        given().get("/promptpay/pi_nope").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("pi_nope"));
        given().post("/promptpay/pi_nope/authorize").then().statusCode(404);
        given().get("/promptpay/pi_nope/qr.png").then().statusCode(404);
    }
}
