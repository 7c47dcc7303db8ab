package com.promptpay.gateway.ingest.rest;

import java.io.IOException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.ingest.messaging.PublishFailedException;
import com.promptpay.gateway.ingest.service.WebhookRejectedException;

import io.vertx.core.http.HttpServerResponse;

/**
 * Every error as problem+json, never a stack trace. Anything unexpected is a 503: for a webhook receiver
 * "try again later" is the safe answer, and Stripe retries it.
 */
public class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);
    static final String RETRY_AFTER_SECONDS = "30";

    private final ObjectMapper mapper;

    public ProblemResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response rejected(WebhookRejectedException e) {
        return problem(new Problem("/problems/webhook-rejected", "Webhook rejected", 400, e.getMessage(),
                e.reason().code()));
    }

    @ServerExceptionMapper
    public Response publishFailed(PublishFailedException e) {
        return unavailable("/problems/events-unavailable", "Event stream unavailable",
                "The event could not be handed to the event stream; it was not recorded. Retry later.");
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "Request refused";
        Response.ResponseBuilder response = builder(new Problem("about:blank", title, status, title + ".", null));
        if (e instanceof NotAllowedException && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            response.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return response.build();
    }

    /**
     * The body could not be read: the client went away, or a body without Content-Length went over
     * quarkus.http.limits.max-body-size, in which case Quarkus has already answered 413 and closes the
     * connection. Nothing was stored or published either way.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, HttpServerResponse response) {
        LOG.debugf("Request body not read: %s", e.getMessage());
        if (response.ended() || response.headWritten()) {
            return null;
        }
        return problem(new Problem("about:blank", "Bad Request", 400, "The request body could not be read.", null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Webhook not recorded, answering 503", e);
        return unavailable("/problems/temporarily-unavailable", "Temporarily unavailable",
                "The event could not be recorded; it was not published. Retry later.");
    }

    private Response unavailable(String type, String title, String detail) {
        return builder(new Problem(type, title, 503, detail, null))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    private Response problem(Problem problem) {
        return builder(problem).build();
    }

    private Response.ResponseBuilder builder(Problem problem) {
        try {
            return Response.status(problem.status())
                    .type(Problem.MEDIA_TYPE)
                    .entity(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings always serializes", e);
        }
    }
}
