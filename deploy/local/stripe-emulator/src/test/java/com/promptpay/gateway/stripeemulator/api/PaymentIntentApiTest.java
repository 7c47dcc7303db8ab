package com.promptpay.gateway.stripeemulator.api;

import static com.promptpay.gateway.stripeemulator.support.Emulator.createPromptPay;
import static com.promptpay.gateway.stripeemulator.support.Emulator.promptPay;
import static com.promptpay.gateway.stripeemulator.support.Emulator.stripe;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.promptpay.gateway.stripeemulator.support.Emulator;
import com.promptpay.gateway.stripeemulator.support.WebhookReceiverResource;
import com.promptpay.gateway.stripeemulator.support.QrDecoder;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentIntent.NextAction.PromptpayDisplayQrCode;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PaymentIntentApiTest {

    @Test
    void confirmedPromptPayIntentWaitsForTheShopperWithAQrCode() throws Exception {
        long before = System.currentTimeMillis() / 1000;

        PaymentIntent intent = createPromptPay(50_000, "pi_gw_create");

        assertTrue(intent.getId().matches("pi_[0-9A-Za-z]{24}"), intent.getId());
        assertEquals("payment_intent", intent.getObject());
        assertEquals(50_000L, intent.getAmount());
        assertEquals(0L, intent.getAmountReceived());
        assertEquals("thb", intent.getCurrency());
        assertEquals("requires_action", intent.getStatus());
        assertTrue(intent.getCreated() >= before && intent.getCreated() <= before + 5, "created " + intent.getCreated());
        assertFalse(intent.getLivemode());
        assertEquals(Map.of("gateway_intent_id", "pi_gw_create", "gateway_merchant_id", "mch_test"),
                intent.getMetadata());
        assertEquals("Order pi_gw_create", intent.getDescription());
        assertEquals(List.of("promptpay"), intent.getPaymentMethodTypes());
        assertTrue(intent.getClientSecret().startsWith(intent.getId() + "_secret_"), intent.getClientSecret());
        assertTrue(intent.getPaymentMethod().startsWith("pm_"), intent.getPaymentMethod());
        assertEquals("automatic", intent.getCaptureMethod());
        assertNull(intent.getLastPaymentError());
        assertNull(intent.getCanceledAt());
        assertNull(intent.getCancellationReason());

        assertEquals("promptpay_display_qr_code", intent.getNextAction().getType());
        PromptpayDisplayQrCode qr = intent.getNextAction().getPromptpayDisplayQrCode();
        String testPage = Emulator.apiBase() + "/promptpay/" + intent.getId();
        assertEquals(testPage, qr.getData());
        assertEquals(testPage, qr.getHostedInstructionsUrl());
        assertEquals(testPage + "/qr.png", qr.getImageUrlPng());
        assertEquals(testPage + "/qr.svg", qr.getImageUrlSvg());

        byte[] png = given().get(qr.getImageUrlPng()).then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertEquals(qr.getData(), QrDecoder.decode(png));
        given().get(qr.getImageUrlSvg()).then().statusCode(200).contentType("image/svg+xml");

        assertNotNull(intent.getLastResponse().headers().firstValue("Request-Id").orElse(null));
    }

    @Test
    void retrieveReturnsTheStoredIntent() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_retrieve");

        PaymentIntent retrieved = stripe().v1().paymentIntents().retrieve(created.getId());

        assertEquals(created.getId(), retrieved.getId());
        assertEquals(created.getClientSecret(), retrieved.getClientSecret());
        assertEquals(created.getStatus(), retrieved.getStatus());
        assertEquals(created.getMetadata(), retrieved.getMetadata());
        assertEquals(created.getNextAction().getPromptpayDisplayQrCode().getData(),
                retrieved.getNextAction().getPromptpayDisplayQrCode().getData());
    }

    @Test
    void retrieveCanExpandThePaymentMethod() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_expand");

        PaymentIntent retrieved = stripe().v1().paymentIntents().retrieve(created.getId(),
                PaymentIntentRetrieveParams.builder().addExpand("payment_method").build());

        assertEquals(created.getPaymentMethod(), retrieved.getPaymentMethodObject().getId());
        assertEquals("promptpay", retrieved.getPaymentMethodObject().getType());
        assertEquals("payer@example.com", retrieved.getPaymentMethodObject().getBillingDetails().getEmail());
    }

    @Test
    void thaiDescriptionSurvivesTheFormEncoding() throws Exception {
        PaymentIntent intent = stripe().v1().paymentIntents().create(
                promptPay(10_000, "pi_gw_thai").setDescription("ค่าสินค้า คำสั่งซื้อ #42 & co").build());

        assertEquals("ค่าสินค้า คำสั่งซื้อ #42 & co", intent.getDescription());
    }

    @Test
    void sameIdempotencyKeyAndParametersReplaysTheFirstResult() throws Exception {
        String key = UUID.randomUUID().toString();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(key).build();
        PaymentIntentCreateParams params = promptPay(20_000, "pi_gw_idem").build();

        PaymentIntent first = stripe().v1().paymentIntents().create(params, options);
        PaymentIntent second = stripe().v1().paymentIntents().create(params, options);

        assertEquals(first.getId(), second.getId());
        assertEquals(first.getClientSecret(), second.getClientSecret());
        assertEquals(first.getLastResponse().body(), second.getLastResponse().body());
        assertEquals("true", second.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(first.getLastResponse().requestId(), second.getLastResponse().requestId());
        given().queryParam("paymentIntent", first.getId()).queryParam("type", "payment_intent.created")
                .get("/_emulator/events").then().statusCode(200)
                .body("data.size()", org.hamcrest.Matchers.is(1));
    }

    @Test
    void sameIdempotencyKeyWithOtherParametersIsAnIdempotencyError() throws Exception {
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(UUID.randomUUID().toString()).build();
        stripe().v1().paymentIntents().create(promptPay(20_000, "pi_gw_idem2").build(), options);

        IdempotencyException error = assertThrows(IdempotencyException.class,
                () -> stripe().v1().paymentIntents().create(promptPay(30_000, "pi_gw_idem2").build(), options));

        assertEquals(400, error.getStatusCode());
        assertEquals("idempotency_error", error.getStripeError().getType());
        assertTrue(error.getMessage().contains("same parameters"), error.getMessage());
    }

    @Test
    void aRejectedRequestDoesNotUseUpItsIdempotencyKey() throws Exception {
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(UUID.randomUUID().toString()).build();
        assertThrows(InvalidRequestException.class,
                () -> stripe().v1().paymentIntents().create(promptPay(5, "pi_gw_idem3").build(), options));

        PaymentIntent created = stripe().v1().paymentIntents().create(promptPay(20_000, "pi_gw_idem3").build(), options);

        assertEquals("requires_action", created.getStatus());
    }

    @Test
    void cancelEndsTheIntentAndRecordsTheReason() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_cancel");

        PaymentIntent canceled = stripe().v1().paymentIntents().cancel(created.getId(),
                PaymentIntentCancelParams.builder()
                        .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build());

        assertEquals("canceled", canceled.getStatus());
        assertEquals("abandoned", canceled.getCancellationReason());
        assertNotNull(canceled.getCanceledAt());
        assertNull(canceled.getNextAction());
        assertEquals("canceled", stripe().v1().paymentIntents().retrieve(created.getId()).getStatus());
    }

    @Test
    void cancelingASucceededIntentIsAnUnexpectedState() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_cancel_paid");
        given().post("/_emulator/payment_intents/" + created.getId() + "/authorize").then().statusCode(200);

        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> stripe().v1().paymentIntents().cancel(created.getId()));

        assertEquals(400, error.getStatusCode());
        assertEquals("payment_intent_unexpected_state", error.getCode());
        assertEquals("succeeded", stripe().v1().paymentIntents().retrieve(created.getId()).getStatus());
    }

    @Test
    void cancelingTwiceIsAnUnexpectedState() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_cancel_twice");
        stripe().v1().paymentIntents().cancel(created.getId());

        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> stripe().v1().paymentIntents().cancel(created.getId()));

        assertEquals("payment_intent_unexpected_state", error.getCode());
    }

    @Test
    void unconfirmedIntentWaitsForConfirmation() throws Exception {
        PaymentIntent created = stripe().v1().paymentIntents().create(
                promptPay(10_000, "pi_gw_confirm").setConfirm(false).build());
        assertEquals("requires_confirmation", created.getStatus());
        assertNull(created.getNextAction());

        PaymentIntent confirmed = stripe().v1().paymentIntents().confirm(created.getId(),
                PaymentIntentConfirmParams.builder().build());

        assertEquals("requires_action", confirmed.getStatus());
        assertEquals("promptpay_display_qr_code", confirmed.getNextAction().getType());
    }

    @Test
    void aFailedPaymentCanBeConfirmedAgainWithANewPaymentMethod() throws Exception {
        PaymentIntent created = createPromptPay(10_000, "pi_gw_retry_payment");
        given().post("/_emulator/payment_intents/" + created.getId() + "/fail").then().statusCode(200);

        PaymentIntent confirmed = stripe().v1().paymentIntents().confirm(created.getId(),
                PaymentIntentConfirmParams.builder()
                        .setPaymentMethodData(PaymentIntentConfirmParams.PaymentMethodData.builder()
                                .setType(PaymentIntentConfirmParams.PaymentMethodData.Type.PROMPTPAY)
                                .setBillingDetails(PaymentIntentConfirmParams.PaymentMethodData.BillingDetails
                                        .builder().setEmail("again@example.com").build())
                                .build())
                        .build());

        assertEquals("requires_action", confirmed.getStatus());
        assertNull(confirmed.getLastPaymentError());
        assertNotEquals(created.getPaymentMethod(), confirmed.getPaymentMethod());
    }

    @Test
    void unknownIntentIsResourceMissing() {
        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> stripe().v1().paymentIntents().retrieve("pi_doesnotexist"));

        assertEquals(404, error.getStatusCode());
        assertEquals("resource_missing", error.getCode());
        assertEquals("intent", error.getParam());
        assertTrue(error.getMessage().contains("No such payment_intent: 'pi_doesnotexist'"), error.getMessage());
    }

    @Test
    void wrongApiKeyIsRejectedBeforeAnythingElse() {
        AuthenticationException error = assertThrows(AuthenticationException.class,
                () -> stripe("sk_test_wrong_key_1234").v1().paymentIntents().create(promptPay(10_000, "x").build()));

        assertEquals(401, error.getStatusCode());
        assertTrue(error.getMessage().contains("Invalid API Key provided: sk_test_**********1234"), error.getMessage());
    }
}
