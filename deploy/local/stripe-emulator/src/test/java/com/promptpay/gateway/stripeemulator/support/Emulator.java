package com.promptpay.gateway.stripeemulator.support;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** The test profile's secrets, and clients pointed at the emulator on its random port. */
public final class Emulator {

    public static final String API_KEY = "sk_test_emulator_key";
    public static final String WEBHOOK_SECRET = "whsec_test_emulator_secret";

    private Emulator() {
    }

    public static String apiBase() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    public static StripeClient stripe() {
        return stripe(API_KEY);
    }

    public static StripeClient stripe(String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase()).setMaxNetworkRetries(0).build();
    }

    /** A raw API call with the right key, for what stripe-java would never send. */
    public static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer " + API_KEY);
    }

    /** What the gateway sends: PromptPay, THB, confirmed at once, its intent id in the metadata. */
    public static PaymentIntentCreateParams.Builder promptPay(long amount, String gatewayIntentId) {
        return PaymentIntentCreateParams.builder()
                .setAmount(amount)
                .setCurrency("thb")
                .addPaymentMethodType("promptpay")
                .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder()
                        .setType(PaymentIntentCreateParams.PaymentMethodData.Type.PROMPTPAY)
                        .setBillingDetails(PaymentIntentCreateParams.PaymentMethodData.BillingDetails.builder()
                                .setEmail("payer@example.com")
                                .build())
                        .build())
                .setConfirm(true)
                .setDescription("Order " + gatewayIntentId)
                .putAllMetadata(Map.of("gateway_intent_id", gatewayIntentId, "gateway_merchant_id", "mch_test"));
    }

    public static PaymentIntent createPromptPay(long amount, String gatewayIntentId) throws StripeException {
        return stripe().v1().paymentIntents().create(promptPay(amount, gatewayIntentId).build());
    }
}
