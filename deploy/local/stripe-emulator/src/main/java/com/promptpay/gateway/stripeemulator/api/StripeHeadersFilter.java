package com.promptpay.gateway.stripeemulator.api;

import com.promptpay.gateway.stripeemulator.StripeIds;
import com.promptpay.gateway.stripeemulator.json.StripeApiVersion;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every Stripe API answer, errors included, carries a {@code Request-Id}; stripe-java reports it in exceptions. */
public class StripeHeadersFilter {

    @ServerResponseFilter
    public void addStripeHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.equals("/v1") && !path.startsWith("/v1/")) {
            return;
        }
        if (!response.getHeaders().containsKey("Request-Id")) {
            response.getHeaders().putSingle("Request-Id", StripeIds.request());
        }
        response.getHeaders().putSingle("Stripe-Version", StripeApiVersion.CURRENT);
    }
}
