package com.promptpay.gateway.stripeemulator.api;

import com.promptpay.gateway.stripeemulator.StripeIds;
import com.promptpay.gateway.stripeemulator.webhook.EventLog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /v1/events/{id}}: a receiver may fetch an event back instead of trusting the payload. */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    private final EventLog events;

    public EventsResource(EventLog events) {
        this.events = events;
    }

    @GET
    @Path("{id}")
    public Response retrieve(@PathParam("id") String id) {
        return Response.ok(events.get(id).body()).header("Request-Id", StripeIds.request()).build();
    }
}
