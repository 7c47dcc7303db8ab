package com.promptpay.gateway.checkout;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Cancel forms no browser sends, found by the e2e FuzzIT: a broken percent-escape read as "briefly unavailable"
 * (503) or, in the last field, never answered; a form field over 2K failed inside the form parser as a bare 500. Both are refused with a page, and
 * nothing is canceled.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeIntentServiceResource.class, scope = TestResourceScope.GLOBAL)
class MalformedCancelFormTest {

    private final FakeIntentService fake = FakeIntentServiceResource.fake();

    /** The last field's broken escape RESTEasy's form parser threw outside every mapper: that request got no answer. */
    @ParameterizedTest
    @ValueSource(strings = {"csrf=abc&lang=en&lang=%zz&%=&=", "amount=10000&email=a%40b.c&csrf=%zz"})
    void aFormWithABrokenEscapeIsABadRequestPage(String form) {
        Intent intent = fake.create();
        Response response = post(intent, form);
        assertBadRequestPage(response);
        assertEquals("requires_action", intent.status, "nothing was canceled");
    }

    @Test
    void anApiClientIsToldWhichFieldIsBroken() {
        Intent intent = fake.create();
        Response response = form("lang=en&csrf=%zz").accept("application/json").post("/payment/" + intent.id + "/cancel");
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType());
        assertEquals("csrf", response.jsonPath().getString("errors[0].field"), response.asString());
        assertEquals("requires_action", intent.status, "nothing was canceled");
    }

    @Test
    void aLongFormFieldIsRefusedLikeAnyFormWithoutItsToken() {
        Intent intent = fake.create();
        Response response = post(intent, "{\"a\":".repeat(2900));
        assertEquals(403, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertEquals("requires_action", intent.status, "nothing was canceled");
    }

    private static Response post(Intent intent, String form) {
        return form(form).post("/payment/" + intent.id + "/cancel");
    }

    private static RequestSpecification form(String form) {
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 10_000))) // an unanswered request fails, not hangs
                .redirects().follow(false).contentType("application/x-www-form-urlencoded; charset=UTF-8").body(form);
    }

    private static void assertBadRequestPage(Response response) {
        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertTrue(response.asString().contains("<html"), response.asString());
    }
}
