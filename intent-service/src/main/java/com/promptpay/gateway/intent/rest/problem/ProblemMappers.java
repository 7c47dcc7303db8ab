package com.promptpay.gateway.intent.rest.problem;

import java.util.List;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.promptpay.gateway.intent.client.ProviderFailure;

/** Every failure leaves as problem+json: bad input names its field, nothing shows a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(new Problem("about:blank", "Malformed JSON", 400,
                "The body is not valid JSON" + location(e) + ".", List.of(new Problem.FieldError("body", "must be a JSON object"))));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(new Problem("about:blank", "Not found", 404, "No such resource.", List.of()));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return respond(new Problem("about:blank", "Method not allowed", 405, "This path does not take that method.", List.of()));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return respond(new Problem("about:blank", "Unsupported media type", 415, "Send Content-Type: application/json.",
                List.of(new Problem.FieldError("Content-Type", "must be application/json"))));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return respond(new Problem("about:blank", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), status, "The request could not be served.", List.of()));
    }

    /** Stripe could not be asked, or the circuit is open: nothing was created, the merchant should retry. */
    @ServerExceptionMapper({ ProviderFailure.class, CircuitBreakerOpenException.class, TimeoutException.class })
    public Response providerUnavailable(Exception e) {
        LOG.warnf("payment provider unavailable: %s", e.getMessage());
        return Response.fromResponse(respond(new Problem("about:blank", "Payment provider unavailable", 503,
                "Stripe could not be reached; nothing was created. Retry with the same Idempotency-Key.", List.of())))
                .header("Retry-After", "5").build();
    }

    /** Stripe understood the request and refused it. */
    @ServerExceptionMapper
    public Response providerRejected(ProviderFailure.Rejected e) {
        LOG.warnf("payment provider refused (%s): %s", e.code(), e.getMessage());
        return respond(new Problem("about:blank", "Refused by the payment provider", 422,
                "Stripe refused the payment" + (e.code() == null ? "" : " (" + e.code() + ")") + ": " + e.getMessage(),
                e.param() == null ? List.of() : List.of(new Problem.FieldError(e.param(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return respond(new Problem("about:blank", "Internal error", 500,
                "Something went wrong on our side; the request may be retried.", List.of()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
