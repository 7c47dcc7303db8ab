package com.promptpay.gateway.dispatcher.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.promptpay.gateway.dispatcher.rest.Views.EndpointList;
import com.promptpay.gateway.dispatcher.rest.Views.RecoverRequest;
import com.promptpay.gateway.dispatcher.rest.Views.RecoverResponse;
import com.promptpay.gateway.dispatcher.rest.problem.Problem;
import com.promptpay.gateway.dispatcher.rest.problem.ProblemException;
import com.promptpay.gateway.dispatcher.service.MerchantApiService;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** The merchant's webhook endpoint: its state, recovery after an outage, a test event. */
@Path("/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointResource {

    private final MerchantAuth auth;
    private final MerchantApiService api;

    public WebhookEndpointResource(MerchantAuth auth, MerchantApiService api) {
        this.auth = auth;
        this.api = api;
    }

    @GET
    public Uni<EndpointList> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return auth.require(authorization).flatMap(api::endpoints)
                .map(endpoints -> new EndpointList(endpoints.stream().map(Views::endpoint).toList()));
    }

    /**
     * {@code {"since":"2025-01-31T00:00:00Z"}}: turns the endpoint back on (after a 410 or a long outage) and sends
     * again every delivery that failed and was created since then.
     */
    @POST
    @Path("recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<Response> recover(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RecoverRequest request) {
        return auth.require(authorization).flatMap(merchantId -> {
            Instant since = since(request);
            return api.recover(merchantId, since)
                    .map(recovery -> Response.accepted(new RecoverResponse(recovery.endpointId(), since, recovery.recovered()))
                            .build());
        });
    }

    /** Sends a {@code webhook.test} event to the endpoint through the normal delivery path. */
    @POST
    @Path("test")
    public Uni<Response> test(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return auth.require(authorization).flatMap(api::sendTest)
                .map(record -> Response.accepted(Views.delivery(record, null)).build());
    }

    static Instant since(RecoverRequest request) {
        if (request == null || request.since() == null || request.since().isBlank()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("since", "is required (an ISO-8601 instant)")));
        }
        Instant since;
        try {
            since = Instant.parse(request.since().strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("since",
                    "must be an ISO-8601 instant such as 2025-01-31T00:00:00Z")));
        }
        if (since.isAfter(Instant.now().plusSeconds(60))) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("since", "must not be in the future")));
        }
        return since;
    }
}
