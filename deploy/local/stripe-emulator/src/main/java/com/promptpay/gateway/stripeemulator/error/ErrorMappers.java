package com.promptpay.gateway.stripeemulator.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.promptpay.gateway.stripeemulator.form.MalformedFormException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as Stripe's error shape. Bad input is a 4xx with a message saying what was
 * wrong; only a bug in the emulator is a 500, as an {@code api_error} with no stack trace in it.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response stripeError(StripeApiException exception) {
        return StripeErrorResponses.of(exception);
    }

    @ServerExceptionMapper
    public Response malformedForm(MalformedFormException exception) {
        return StripeErrorResponses.of(StripeApiException.invalidRequest(null,
                "Invalid request body: " + exception.getMessage(), null));
    }

    /** Admin bodies are JSON. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException exception) {
        return StripeErrorResponses.of(StripeApiException.invalidRequest(null,
                "Invalid JSON body: " + exception.getOriginalMessage(), null));
    }

    /** Routing and content negotiation failures keep their status (404, 405, 406, 415, …). */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException exception, ContainerRequestContext request) {
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(exception);
        }
        String message = exception instanceof NotFoundException
                ? "Unrecognized request URL (" + request.getMethod() + ": "
                        + request.getUriInfo().getRequestUri().getRawPath() + ")."
                : Response.Status.Family.familyOf(status) == Response.Status.Family.CLIENT_ERROR
                        ? "Invalid request: " + reason(status) + " (" + request.getMethod() + " "
                                + request.getUriInfo().getRequestUri().getRawPath() + ")."
                        : reason(status);
        return StripeErrorResponses.of(
                new StripeApiException(status, StripeApiException.INVALID_REQUEST, null, message, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception) {
        LOG.error("Unexpected failure in the Stripe emulator", exception);
        return StripeErrorResponses.of(new StripeApiException(500, StripeApiException.API_ERROR, null,
                "An unexpected error occurred in the Stripe emulator.", null));
    }

    private static String reason(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return type != null ? type.getReasonPhrase() : "HTTP " + status;
    }
}
