package com.promptpay.gateway.demomerchant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Standard Webhooks in, signature checked with the library, kept and listed. */
@QuarkusTest
@WithTestResource(FakeGateway.class)
class WebhookTest {

    static final String SECRET = "whsec_dGVzdC1kZW1vLW1lcmNoYW50LXdlYmhvb2stc2VjcmV0";

    private static String body(String intentId, String type, String status) {
        return "{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"created\":\"2026-01-01T00:00:00Z\",\"data\":{\"paymentIntentId\":\""
                + intentId + "\",\"status\":\"" + status + "\",\"amount\":10000,\"currency\":\"thb\",\"description\":null,\"metadata\":{}}}";
    }

    private static io.restassured.response.ValidatableResponse post(String id, long timestamp, String signature, String body) {
        return given().contentType(ContentType.JSON).header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .body(body).post("/webhooks/gateway").then();
    }

    @Test
    void aSignedWebhookIsAcceptedAndListed() throws Exception {
        String intent = "pi_wh" + System.nanoTime();
        String id = "msg_" + System.nanoTime();
        String body = body(intent, "payment_intent.succeeded", "succeeded");
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(SECRET).sign(id, now, body);

        post(id, now, signature, body).statusCode(204);
        post(id, now, signature, body).statusCode(204); // a redelivery

        given().accept(ContentType.JSON).get("/webhooks").then().statusCode(200)
                .body("findAll { it.webhookId == '" + id + "' }.size()", is(1))
                .body("find { it.webhookId == '" + id + "' }.deliveries", is(2))
                .body("find { it.webhookId == '" + id + "' }.paymentIntentId", is(intent))
                .body("find { it.webhookId == '" + id + "' }.type", is("payment_intent.succeeded"));
        given().accept(ContentType.HTML).get("/webhooks").then().statusCode(200).body(containsString(intent));
    }

    @Test
    void forgedStaleOrUnsignedWebhooksAreRejected() throws Exception {
        String id = "msg_bad" + System.nanoTime();
        String body = body("pi_forged", "payment_intent.succeeded", "succeeded");
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(SECRET).sign(id, now, body);

        post(id, now, signature, body.replace("10000", "1")).statusCode(400).contentType("application/problem+json");
        post(id, now, new Webhook("whsec_" + java.util.Base64.getEncoder().encodeToString("another secret".getBytes()))
                .sign(id, now, body), body).statusCode(400);
        long stale = now - 3600;
        post(id, stale, new Webhook(SECRET).sign(id, stale, body), body).statusCode(400);
        given().contentType(ContentType.JSON).body(body).post("/webhooks/gateway").then().statusCode(400);

        given().accept(ContentType.JSON).get("/webhooks").then()
                .body("webhookId", not(hasItem(id)));
    }

    @Test
    void theResultPageShowsTheWebhooksOfThatPayment() throws Exception {
        String intent = "pi_" + Long.toString(System.nanoTime(), 36);
        String id = "msg_" + System.nanoTime();
        String body = body(intent, "payment_intent.canceled", "canceled");
        long now = Instant.now().getEpochSecond();
        post(id, now, new Webhook(SECRET).sign(id, now, body), body).statusCode(204);
        FakeGateway.PAYMENTS.put(intent, new FakeGateway.Payment("canceled", 10000));

        given().get("/payment/cancel?payment_id=" + intent + "&status=cancel&signature="
                + RedirectSignature.sign("payment_id=" + intent + "&status=cancel", "rsec_test_demo"))
                .then().statusCode(200)
                .body(containsString("<code>payment_intent.canceled</code> · canceled"));
    }
}
