package com.promptpay.gateway.checkout;

import static com.promptpay.gateway.checkout.support.Text.has;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.promptpay.gateway.checkout.support.FakeIntentService;
import com.promptpay.gateway.checkout.support.FakeIntentService.Intent;
import com.promptpay.gateway.checkout.support.FakeIntentServiceResource;
import com.promptpay.gateway.testsupport.KafkaBrokerResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The way back to the merchant: only intent-service's signed URL, only when the intent is finished. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeIntentServiceResource.class, scope = TestResourceScope.GLOBAL)
class ReturnAndCancelTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final FakeIntentService fake = FakeIntentServiceResource.fake();

    @BeforeEach
    void reset() {
        fake.reset();
    }

    /** What a browser holds after loading the page: the cookie and the form's token. */
    record Form(String cookie, String token) {
    }

    private static Form load(Intent intent) {
        Response page = given().get("/payment/" + intent.id + "?lang=en");
        Matcher token = CSRF.matcher(page.asString());
        assertTrue(token.find(), "the open page has a cancel form");
        String cookie = page.getCookie("pp_csrf");
        assertTrue(cookie != null, "the page sets the CSRF cookie");
        return new Form(cookie, token.group(1));
    }

    private static Response cancel(Intent intent, Form form) {
        var request = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("lang", "en");
        if (form.cookie() != null) {
            request = request.cookie("pp_csrf", form.cookie());
        }
        if (form.token() != null) {
            request = request.formParam("csrf", form.token());
        }
        return request.post("/payment/" + intent.id + "/cancel");
    }

    @Test
    void succeededReturnRedirectsToTheSignedCallbackUrlKeepingItsQuery() {
        Intent intent = fake.create();
        intent.status = "succeeded";

        Response response = given().redirects().follow(false).get("/payment/" + intent.id + "/return");

        assertEquals(303, response.statusCode());
        String location = response.header("Location");
        assertEquals(FakeIntentService.redirectFor(intent), location);
        assertTrue(location.startsWith("https://your-site.com/payment/success?order=12345&amount=10000&payment_id="
                + intent.id + "&status=success&signature="), location);
        String canonical = "amount=10000&payment_id=" + intent.id + "&status=success";
        assertTrue(location.endsWith("&signature=" + FakeIntentService.hmac(canonical)), location);
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("no-referrer", response.header("Referrer-Policy"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "canceled", "expired" })
    void finishedWithoutPaymentReturnGoesToTheSignedCancelUrl(String status) {
        Intent intent = fake.create();
        intent.status = status;

        Response response = given().redirects().follow(false).get("/payment/" + intent.id + "/return");

        assertEquals(303, response.statusCode());
        assertEquals("https://your-site.com/payment/cancel?payment_id=" + intent.id + "&status=cancel&signature="
                + FakeIntentService.hmac("payment_id=" + intent.id + "&status=cancel"), response.header("Location"));
    }

    @Test
    void openIntentReturnGoesBackToThePageNotToTheMerchant() {
        Intent intent = fake.create();

        Response response = given().redirects().follow(false).get("/payment/" + intent.id + "/return?lang=en");

        assertEquals(303, response.statusCode());
        assertEquals("/payment/" + intent.id + "?lang=en", response.header("Location"));
    }

    @Test
    void cancelWithTheFormsTokenCancelsAndRedirectsToTheSignedCancelUrl() {
        Intent intent = fake.create();
        Form form = load(intent);

        Response response = cancel(intent, form);

        assertEquals(303, response.statusCode());
        assertEquals("https://your-site.com/payment/cancel?payment_id=" + intent.id + "&status=cancel&signature="
                + FakeIntentService.hmac("payment_id=" + intent.id + "&status=cancel"), response.header("Location"));
        assertEquals("canceled", intent.status);
        assertTrue(fake.calls().contains(new FakeIntentService.Call("POST", "/internal/intents/" + intent.id + "/cancel",
                "Bearer " + FakeIntentService.SERVICE_TOKEN)), fake.calls().toString());
    }

    @Test
    void cancelAfterThePaymentSucceededGoesToTheSuccessRedirect() {
        Intent intent = fake.create();
        Form form = load(intent);
        intent.status = "succeeded";

        Response response = cancel(intent, form);

        assertEquals(303, response.statusCode());
        assertEquals(FakeIntentService.redirectFor(intent), response.header("Location"));
        has(response.header("Location"), "status=success");
        assertEquals("succeeded", intent.status);
    }

    @Test
    void cancelOfAnExpiredIntentGoesToTheCancelUrl() {
        Intent intent = fake.create();
        Form form = load(intent);
        intent.status = "expired";

        Response response = cancel(intent, form);

        assertEquals(303, response.statusCode());
        has(response.header("Location"), "https://your-site.com/payment/cancel?payment_id=" + intent.id + "&status=cancel&signature=");
    }

    @Test
    void cancelWithoutAValidTokenIsRefusedAndNothingIsCanceled() {
        Intent intent = fake.create();
        Form form = load(intent);
        Intent other = fake.create();
        Form otherForm = load(other);

        Response[] refused = {
                cancel(intent, new Form(null, form.token())),
                cancel(intent, new Form(form.cookie(), null)),
                cancel(intent, new Form(form.cookie(), "x" + form.token().substring(1))),
                cancel(intent, new Form(otherForm.cookie(), form.token())),
                cancel(intent, otherForm), // a token for another intent
                given().redirects().follow(false).contentType(ContentType.URLENC).cookie("pp_csrf", form.cookie())
                        .formParam("csrf", form.token()).formParam("lang", "en").header("Sec-Fetch-Site", "cross-site")
                        .post("/payment/" + intent.id + "/cancel") };

        for (Response response : refused) {
            assertEquals(403, response.statusCode());
            assertTrue(response.contentType().startsWith("text/html"));
            has(response.asString(), "Please try again", "href=\"/payment/" + intent.id + "?lang=en\"");
        }
        assertEquals("requires_action", intent.status);
        assertEquals(0, fake.calls().stream().filter(call -> call.method().equals("POST")).count());
    }

    @Test
    void cancelAsJsonIsNotAForm() {
        Intent intent = fake.create();
        Response response = given().redirects().follow(false).contentType(ContentType.JSON).body("{}")
                .post("/payment/" + intent.id + "/cancel");
        assertEquals(415, response.statusCode());
        assertEquals("requires_action", intent.status);
    }

    @Test
    void statusEndpointAnswersJsonForPolling() {
        Intent intent = fake.create();

        given().get("/payment/" + intent.id + "/status").then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("id", org.hamcrest.Matchers.is(intent.id))
                .body("status", org.hamcrest.Matchers.is("requires_action"))
                .body("expiresAt", org.hamcrest.Matchers.notNullValue());

        intent.status = "succeeded";
        given().get("/payment/" + intent.id + "/status").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("succeeded"));

        given().get("/payment/" + com.promptpay.gateway.events.PrefixedIds.next("pi") + "/status").then()
                .statusCode(404).contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.is(404)).body("title", org.hamcrest.Matchers.is("Not found"));
        given().get("/payment/nope/status").then().statusCode(404).contentType("application/problem+json");
    }
}
