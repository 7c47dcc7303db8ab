package com.promptpay.gateway.stripeemulator.error;

import com.promptpay.gateway.stripeemulator.json.StripeErrorJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The HTTP response for a Stripe error. */
public final class StripeErrorResponses {

    private StripeErrorResponses() {
    }

    public static Response of(StripeApiException exception) {
        return Response.status(exception.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(StripeErrorJson.render(exception).toString())
                .build();
    }
}
