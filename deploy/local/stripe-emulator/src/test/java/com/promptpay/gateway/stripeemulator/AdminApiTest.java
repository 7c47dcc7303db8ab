package com.promptpay.gateway.stripeemulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import com.promptpay.gateway.stripeemulator.json.StripeApiVersion;
import com.promptpay.gateway.stripeemulator.support.Emulator;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiver;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiverResource;
import com.stripe.model.PaymentIntent;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AdminApiTest {

    WebhookReceiver receiver;

    @Test
    void authorizeByApiReturnsTheSucceededIntent() throws Exception {
        PaymentIntent created = Emulator.createPromptPay(10_000, "pi_gw_admin");

        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200)
                .body("id", equalTo(created.getId()))
                .body("status", equalTo("succeeded"));
        given().post("/_emulator/payment_intents/" + created.getId() + "/fail").then().statusCode(400)
                .body("error.code", equalTo("payment_intent_unexpected_state"));
    }

    @Test
    void unknownIntentOrEventIs404() {
        given().post("/_emulator/payment_intents/pi_nope/authorize").then().statusCode(404)
                .body("error.code", equalTo("resource_missing"));
        given().post("/_emulator/events/evt_nope/replay").then().statusCode(404)
                .body("error.code", equalTo("resource_missing"));
    }

    @Test
    void eventsAreListedWithTheirDeliveries() throws Exception {
        PaymentIntent created = Emulator.createPromptPay(10_000, "pi_gw_admin_list");
        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        given().queryParam("paymentIntent", created.getId()).queryParam("type", "payment_intent.succeeded")
                .get("/_emulator/events").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.size()", is(1))
                .body("data[0].event.api_version", equalTo(StripeApiVersion.CURRENT))
                .body("data[0].event.data.object.id", equalTo(created.getId()))
                .body("data[0].deliveries[0].url", equalTo(receiver.url()));
    }

    @Test
    void webhookEndpointsStartFromConfiguration() {
        given().get("/_emulator/webhook-endpoints").then().statusCode(200)
                .body("urls", contains(receiver.url()))
                .body("enabledEvents", hasItem("payment_intent.succeeded"));
    }

    @Test
    void webhookEndpointsCanBeReplaced() {
        try {
            given().contentType("application/json").body("{\"urls\":[\"http://127.0.0.1:9/elsewhere\"]}")
                    .put("/_emulator/webhook-endpoints").then().statusCode(200)
                    .body("urls", contains("http://127.0.0.1:9/elsewhere"));
        } finally {
            given().contentType("application/json").body("{\"urls\":[\"" + receiver.url() + "\"]}")
                    .put("/_emulator/webhook-endpoints").then().statusCode(200);
        }
    }

    @Test
    void badAdminInputIsA400() {
        given().contentType("application/json").body("{\"urls\":[\"not a url\"]}")
                .put("/_emulator/webhook-endpoints").then().statusCode(400).body("error.param", equalTo("urls"));
        given().contentType("application/json").body("{\"urls\":")
                .put("/_emulator/webhook-endpoints").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType("application/json").body("{\"delayMs\":-5}")
                .put("/_emulator/delivery-mode").then().statusCode(400).body("error.param", equalTo("delayMs"));
        given().contentType("application/json").body("{\"duplicate\":\"yes\"}")
                .put("/_emulator/delivery-mode").then().statusCode(400).body("error.param", equalTo("duplicate"));
        given().contentType("application/json").body("[]")
                .put("/_emulator/delivery-mode").then().statusCode(400);
        given().get("/_emulator/delivery-mode").then().statusCode(200)
                .body("duplicate", is(false)).body("delayMs", is(0));
    }
}
