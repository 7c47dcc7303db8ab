package com.promptpay.gateway.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.ingest.service.WebhookIngestService;

import io.smallrye.mutiny.Uni;

/**
 * Stripe's webhook endpoint. The body is taken as raw bytes: the signature covers exactly those, so it is
 * never parsed and re-serialized before verification. Responses are written as JSON whatever the
 * request's Accept header says (Stripe only looks at the status).
 */
@Path("/webhooks/stripe")
public class StripeWebhookResource {

    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    private final WebhookIngestService service;
    private final ObjectMapper mapper;

    public StripeWebhookResource(WebhookIngestService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    /** {@code {"received":true,"eventId":"evt_…","outcome":"published"|"duplicate"|"ignored"}} */
    public record Receipt(boolean received, String eventId, String outcome) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive a signed Stripe event")
    @APIResponse(responseCode = "200", description = "Published, already published (duplicate), or ignored")
    @APIResponse(responseCode = "400", description = "Signature missing, malformed, wrong, stale or in the future; "
            + "or the signed body is no Stripe event (problem+json)")
    @APIResponse(responseCode = "413", description = "Body over quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "503", description = "Not recorded (event stream or database unavailable): retry")
    public Uni<Response> receive(@HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        return service.receive(body == null ? new byte[0] : body, signature)
                .map(receipt -> Response.ok(json(new Receipt(true, receipt.eventId(), receipt.outcome().code())))
                        .type(MediaType.APPLICATION_JSON)
                        .build());
    }

    private String json(Receipt receipt) {
        try {
            return mapper.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings always serializes", e);
        }
    }
}
