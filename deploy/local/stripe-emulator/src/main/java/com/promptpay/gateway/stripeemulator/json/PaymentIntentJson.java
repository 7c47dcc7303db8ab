package com.promptpay.gateway.stripeemulator.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.stripeemulator.PaymentFailure;
import com.promptpay.gateway.stripeemulator.PaymentIntent;
import com.promptpay.gateway.stripeemulator.PaymentIntentStatus;
import com.promptpay.gateway.stripeemulator.PromptPayPaymentMethod;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders intents as Stripe's API does: every field present (null when unset), in Stripe's order,
 * so stripe-java fills the same getters it fills against Stripe.
 */
@ApplicationScoped
public class PaymentIntentJson {

    private final ObjectMapper mapper;

    public PaymentIntentJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param expandPaymentMethod {@code expand[]=payment_method}: the object instead of its id */
    public ObjectNode render(PaymentIntent intent, boolean expandPaymentMethod) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", intent.id());
        json.put("object", "payment_intent");
        json.put("amount", intent.amount());
        json.put("amount_capturable", 0);
        json.putObject("amount_details").putObject("tip");
        json.put("amount_received", intent.amountReceived());
        json.putNull("application");
        json.putNull("application_fee_amount");
        json.putNull("automatic_payment_methods");
        putNullable(json, "canceled_at", intent.canceledAt());
        json.put("cancellation_reason", intent.cancellationReason());
        json.put("capture_method", "automatic");
        json.put("client_secret", intent.clientSecret());
        json.put("confirmation_method", "automatic");
        json.put("created", intent.created());
        json.put("currency", intent.currency());
        json.putNull("customer");
        json.put("description", intent.description());
        json.set("last_payment_error", lastPaymentError(intent.lastPaymentError()));
        json.putNull("latest_charge");
        json.put("livemode", false);
        ObjectNode metadata = json.putObject("metadata");
        intent.metadata().forEach(metadata::put);
        json.set("next_action", nextAction(intent));
        json.putNull("on_behalf_of");
        putPaymentMethod(json, "payment_method", intent.paymentMethod(), expandPaymentMethod);
        json.putNull("payment_method_configuration_details");
        json.putObject("payment_method_options").putObject("promptpay");
        json.putArray("payment_method_types").add("promptpay");
        json.putNull("processing");
        json.put("receipt_email", intent.receiptEmail());
        json.putNull("review");
        json.putNull("setup_future_usage");
        json.putNull("shipping");
        json.putNull("source");
        json.putNull("statement_descriptor");
        json.putNull("statement_descriptor_suffix");
        json.put("status", intent.status().wireName());
        json.putNull("transfer_data");
        json.putNull("transfer_group");
        return json;
    }

    public ObjectNode paymentMethod(PromptPayPaymentMethod method) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", method.id());
        json.put("object", "payment_method");
        json.put("allow_redisplay", "unspecified");
        ObjectNode billing = json.putObject("billing_details");
        ObjectNode address = billing.putObject("address");
        for (String field : new String[] {"city", "country", "line1", "line2", "postal_code", "state"}) {
            address.putNull(field);
        }
        billing.put("email", method.email());
        billing.put("name", method.name());
        billing.put("phone", method.phone());
        json.put("created", method.created());
        json.putNull("customer");
        json.put("livemode", false);
        json.putObject("metadata");
        json.putObject("promptpay");
        json.put("type", "promptpay");
        return json;
    }

    /** Only an intent waiting for the shopper has a QR code to show. */
    private ObjectNode nextAction(PaymentIntent intent) {
        if (intent.status() != PaymentIntentStatus.REQUIRES_ACTION) {
            return null;
        }
        TestPageLinks links = TestPageLinks.of(intent.publicBaseUrl(), intent.id());
        ObjectNode action = mapper.createObjectNode();
        action.put("type", "promptpay_display_qr_code");
        ObjectNode qr = action.putObject("promptpay_display_qr_code");
        qr.put("data", links.page());
        qr.put("hosted_instructions_url", links.page());
        qr.put("image_url_png", links.qrPng());
        qr.put("image_url_svg", links.qrSvg());
        return action;
    }

    private ObjectNode lastPaymentError(PaymentFailure failure) {
        if (failure == null) {
            return null;
        }
        ObjectNode error = mapper.createObjectNode();
        error.put("code", failure.code());
        error.put("doc_url", StripeErrorJson.docUrl(failure.code()));
        error.put("message", failure.message());
        putPaymentMethod(error, "payment_method", failure.paymentMethod(), true);
        error.put("type", "invalid_request_error");
        return error;
    }

    private void putPaymentMethod(ObjectNode json, String field, PromptPayPaymentMethod method, boolean expand) {
        if (method == null) {
            json.putNull(field);
        } else if (expand) {
            json.set(field, paymentMethod(method));
        } else {
            json.put(field, method.id());
        }
    }

    private static void putNullable(ObjectNode json, String field, Long value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }
}
