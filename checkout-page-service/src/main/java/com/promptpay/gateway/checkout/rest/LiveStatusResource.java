package com.promptpay.gateway.checkout.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.promptpay.gateway.checkout.service.LiveStatus;
import com.promptpay.gateway.events.PrefixedIds;

import io.smallrye.mutiny.Multi;

/**
 * {@code GET /payment/{id}/events}: Server-Sent Events {@code event: status, data: {"status":"…"}}, first the
 * current status, then every change; the stream ends after a final status. Comments keep idle streams open.
 */
@Path("/payment")
public class LiveStatusResource {

    private static final long RECONNECT_MILLIS = 3000;

    private final LiveStatus live;

    public LiveStatusResource(LiveStatus live) {
        this.live = live;
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live status of a payment intent (Server-Sent Events)")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        if (!PrefixedIds.isValid("pi", id)) {
            throw new NotFoundException();
        }
        return live.follow(id).map(event -> event.isKeepAlive()
                ? sse.newEventBuilder().comment("keep-alive").build()
                : sse.newEventBuilder().name("status").reconnectDelay(RECONNECT_MILLIS)
                        .data(String.class, "{\"status\":\"" + event.status() + "\"}").build());
    }

    /**
     * The stream's headers, and the end of the answer. Left to JAX-RS, a HEAD ran the stream and never finished it,
     * so a proxy reusing the connection queued its next request behind it for good (found by the e2e FuzzIT).
     */
    @HEAD
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Response eventsHead(@PathParam("id") String id) {
        if (!PrefixedIds.isValid("pi", id)) {
            throw new NotFoundException();
        }
        return Response.ok().type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }
}
