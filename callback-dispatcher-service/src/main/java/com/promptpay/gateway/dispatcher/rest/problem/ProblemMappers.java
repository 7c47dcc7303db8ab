package com.promptpay.gateway.dispatcher.rest.problem;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.promptpay.gateway.dispatcher.service.RequestRejected;

/** Every failure leaves as problem+json: bad input names its field, nothing shows a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response rejected(RequestRejected e) {
        return switch (e.kind()) {
            case NOT_FOUND -> respond(new Problem("about:blank", "Not found", 404, e.getMessage(), List.of()));
            case CONFLICT -> respond(new Problem("about:blank", "Conflict", 409, e.getMessage(), List.of()));
        };
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(new Problem("about:blank", "Malformed JSON", 400, "The body is not valid JSON" + location(e) + ".",
                List.of(new Problem.FieldError("body", "must be a JSON object"))));
    }

    /**
     * Valid JSON of the wrong shape ({@code {"since":{}}}, {@code []}). Quarkus ships a mapper for exactly this
     * subclass, which would win over {@link #malformedJson} and answer a bare 400.
     */
    @ServerExceptionMapper
    public Response mistypedJson(MismatchedInputException e) {
        String field = e.getPath().stream().map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                : "[" + reference.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
        return respond(new Problem("about:blank", "Invalid request", 400, "The body does not have the expected shape.",
                List.of(new Problem.FieldError(field.isEmpty() ? "body" : field, field.isEmpty()
                        ? "must be a JSON object" : "has the wrong type"))));
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
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return malformedJson(unreadable);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(new Problem("about:blank", known == null ? "Error" : known.getReasonPhrase(), status,
                "The request could not be served.", List.of()));
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
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
