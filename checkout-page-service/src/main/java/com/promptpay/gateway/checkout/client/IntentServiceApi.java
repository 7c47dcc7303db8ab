package com.promptpay.gateway.checkout.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** intent-service's internal endpoints (InternalIntentResource there). Only {@link IntentServiceClient} calls it. */
@RegisterRestClient(configKey = "intent-service")
@Path("/internal/intents")
@Produces(MediaType.APPLICATION_JSON)
interface IntentServiceApi {

    @GET
    @Path("/{id}")
    Uni<IntentDetails> details(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @GET
    @Path("/{id}/return")
    Uni<ReturnView> returnTo(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Path("/{id}/cancel")
    Uni<ReturnView> cancel(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status == 404) {
            return new IntentNotFound("intent-service: no such payment intent");
        }
        if (status == 409) {
            return new IntentConflict("intent-service: the payment intent can no longer be canceled");
        }
        if (status >= 400) {
            return new IntentServiceUnavailable("intent-service answered " + status);
        }
        return null;
    }
}
