package com.promptpay.gateway.stripeemulator.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;

/** Stripe's error body: {@code {"error":{"code","doc_url","message","param","type"}}}, absent parts left out. */
public final class StripeErrorJson {

    private StripeErrorJson() {
    }

    public static ObjectNode render(StripeApiException exception) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        if (exception.code() != null) {
            error.put("code", exception.code());
            error.put("doc_url", docUrl(exception.code()));
        }
        error.put("message", exception.getMessage());
        if (exception.param() != null) {
            error.put("param", exception.param());
        }
        error.put("type", exception.type());
        return body;
    }

    public static String docUrl(String code) {
        return "https://docs.stripe.com/error-codes/" + code.replace('_', '-');
    }
}
