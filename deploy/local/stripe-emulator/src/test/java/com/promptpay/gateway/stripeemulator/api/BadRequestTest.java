package com.promptpay.gateway.stripeemulator.api;

import static com.promptpay.gateway.stripeemulator.support.Emulator.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.promptpay.gateway.stripeemulator.support.WebhookReceiverResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Everything Stripe rejects gets Stripe's error shape and status, never a 500. */
@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BadRequestTest {

    private static final String VALID = "amount=10000&currency=thb&payment_method_types[0]=promptpay"
            + "&payment_method_data[type]=promptpay&payment_method_data[billing_details][email]=a%40b.co&confirm=true";

    private static ValidatableResponse create(String body) {
        return api().contentType("application/x-www-form-urlencoded").body(body)
                .post("/v1/payment_intents").then();
    }

    private static String without(String param) {
        return VALID.replaceAll("(^|&)" + java.util.regex.Pattern.quote(param) + "=[^&]*", "");
    }

    private static String with(String param, String value) {
        return without(param) + "&" + param + "=" + value;
    }

    @Test
    void theValidBodyIsAccepted() {
        create(VALID).statusCode(200).body("status", equalTo("requires_action"));
    }

    @Test
    void missingAmount() {
        create(without("amount")).statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("parameter_missing"))
                .body("error.param", equalTo("amount"))
                .body("error.message", equalTo("Missing required param: amount."));
    }

    @Test
    void amountThatIsNotANumber() {
        create(with("amount", "abc")).statusCode(400)
                .body("error.code", equalTo("parameter_invalid_integer"))
                .body("error.param", equalTo("amount"))
                .body("error.message", equalTo("Invalid integer: abc"));
    }

    @Test
    void amountWithDecimals() {
        create(with("amount", "100.50")).statusCode(400).body("error.code", equalTo("parameter_invalid_integer"));
    }

    @Test
    void negativeAmount() {
        create(with("amount", "-100")).statusCode(400)
                .body("error.code", equalTo("parameter_invalid_integer"))
                .body("error.param", equalTo("amount"));
    }

    @Test
    void amountBelowTheMinimumNamesTheBoundInSatangAndBaht() {
        create(with("amount", "999")).statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("amount_too_small"))
                .body("error.param", equalTo("amount"))
                .body("error.message", equalTo("Amount must be at least ฿10.00 thb (1000 satang)."));
    }

    @Test
    void amountAtTheMinimumIsAccepted() {
        create(with("amount", "1000")).statusCode(200).body("amount", equalTo(1000));
    }

    @Test
    void amountAboveTheMaximum() {
        create(with("amount", "100000000")).statusCode(400).body("error.code", equalTo("amount_too_large"));
    }

    @Test
    void currencyOtherThanThbForPromptPay() {
        create(with("currency", "usd")).statusCode(400)
                .body("error.code", equalTo("payment_intent_invalid_parameter"))
                .body("error.param", equalTo("currency"))
                .body("error.message", containsString("promptpay support the following currencies: thb"));
    }

    @Test
    void missingCurrency() {
        create(without("currency")).statusCode(400)
                .body("error.code", equalTo("parameter_missing"))
                .body("error.param", equalTo("currency"));
    }

    @Test
    void missingEmail() {
        create(without("payment_method_data[billing_details][email]")).statusCode(400)
                .body("error.code", equalTo("parameter_missing"))
                .body("error.param", equalTo("payment_method_data[billing_details][email]"));
    }

    @Test
    void invalidEmail() {
        create(with("payment_method_data[billing_details][email]", "not-an-email")).statusCode(400)
                .body("error.code", equalTo("email_invalid"))
                .body("error.param", equalTo("payment_method_data[billing_details][email]"));
    }

    @Test
    void paymentMethodTypeOtherThanPromptPay() {
        create(with("payment_method_types[0]", "card")).statusCode(400)
                .body("error.param", equalTo("payment_method_types"));
    }

    @Test
    void unknownParameter() {
        create(VALID + "&amonut=5").statusCode(400)
                .body("error.code", equalTo("parameter_unknown"))
                .body("error.param", equalTo("amonut"));
    }

    @Test
    void metadataThatIsNotAHash() {
        create(VALID + "&metadata=oops").statusCode(400).body("error.param", equalTo("metadata"));
    }

    @Test
    void confirmWithoutAPaymentMethod() {
        create("amount=10000&currency=thb&confirm=true").statusCode(400)
                .body("error.code", equalTo("payment_intent_unexpected_state"));
    }

    @Test
    void confirmThatIsNotABoolean() {
        create(with("confirm", "yes")).statusCode(400).body("error.param", equalTo("confirm"));
    }

    @Test
    void malformedFormBodies() {
        for (String body : new String[] {"amount=%zz", "amount[=1", "metadata[a]=1&metadata=2", "=x",
                "{\"amount\":10000,\"currency\":\"thb\"}"}) {
            create(body).statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.message", org.hamcrest.Matchers.not(containsString("Exception")));
        }
    }

    @Test
    void aJsonContentTypeIsStillReadAsAForm() {
        api().contentType("application/json").body(VALID).post("/v1/payment_intents").then().statusCode(200);
    }

    @Test
    void missingApiKey() {
        given().contentType("application/x-www-form-urlencoded").body(VALID).post("/v1/payment_intents").then()
                .statusCode(401)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("You did not provide an API key."))
                .header("Request-Id", startsWith("req_"));
    }

    @Test
    void wrongApiKey() {
        given().header("Authorization", "Bearer sk_test_nope").get("/v1/payment_intents/pi_x").then()
                .statusCode(401)
                .body("error.message", startsWith("Invalid API Key provided"));
    }

    @Test
    void theApiKeyIsCheckedEvenForUnknownUrls() {
        given().get("/v1/charges").then().statusCode(401);
    }

    @Test
    void unknownUrl() {
        api().get("/v1/charges").then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("Unrecognized request URL (GET: /v1/charges)."));
    }

    @Test
    void unsupportedMethod() {
        api().delete("/v1/payment_intents/pi_x").then().statusCode(405)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void unknownIntentOnEveryOperation() {
        api().get("/v1/payment_intents/pi_missing").then().statusCode(404)
                .body("error.code", equalTo("resource_missing"));
        api().post("/v1/payment_intents/pi_missing/cancel").then().statusCode(404)
                .body("error.code", equalTo("resource_missing"));
        api().post("/v1/payment_intents/pi_missing/confirm").then().statusCode(404)
                .body("error.code", equalTo("resource_missing"));
        api().get("/v1/events/evt_missing").then().statusCode(404)
                .body("error.code", equalTo("resource_missing"));
    }

    @Test
    void invalidCancellationReason() {
        String id = create(VALID).statusCode(200).extract().path("id");
        api().contentType("application/x-www-form-urlencoded").body("cancellation_reason=bored")
                .post("/v1/payment_intents/" + id + "/cancel").then().statusCode(400)
                .body("error.param", equalTo("cancellation_reason"));
    }

    @Test
    void unsupportedExpansion() {
        String id = create(VALID).statusCode(200).extract().path("id");
        api().get("/v1/payment_intents/" + id + "?expand[]=customer").then().statusCode(400)
                .body("error.param", equalTo("expand"));
    }

    @Test
    void errorsLeaveOutWhatTheyDoNotHave() {
        given().get("/v1/payment_intents/pi_x").then().statusCode(401)
                .body("error.code", nullValue())
                .body("error.param", nullValue());
    }
}
