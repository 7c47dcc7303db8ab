package com.promptpay.gateway.stripeemulator.api;

import com.promptpay.gateway.stripeemulator.PaymentIntent;
import com.promptpay.gateway.stripeemulator.StripeIds;
import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import com.promptpay.gateway.stripeemulator.form.StripeFormParser;
import com.promptpay.gateway.stripeemulator.form.StripeParams;
import com.promptpay.gateway.stripeemulator.json.PaymentIntentJson;
import com.promptpay.gateway.stripeemulator.service.ApiResult;
import com.promptpay.gateway.stripeemulator.service.IdempotencyKeys;
import com.promptpay.gateway.stripeemulator.service.PaymentIntentService;
import com.promptpay.gateway.stripeemulator.service.RequestOrigin;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * The PaymentIntent subset of Stripe's API. Bodies are read as raw text and parsed with Stripe's
 * bracket syntax, whatever the Content-Type says, because that is how Stripe reads them.
 */
@Path("/v1/payment_intents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PaymentIntentsResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final PaymentIntentService service;
    private final PaymentIntentParams params;
    private final PaymentIntentJson json;
    private final IdempotencyKeys idempotency;
    private final EmulatorConfig config;

    public PaymentIntentsResource(PaymentIntentService service, PaymentIntentParams params, PaymentIntentJson json,
            IdempotencyKeys idempotency, EmulatorConfig config) {
        this.service = service;
        this.params = params;
        this.json = json;
        this.idempotency = idempotency;
        this.config = config;
    }

    @POST
    public Response create(String body, @HeaderParam(IDEMPOTENCY_KEY) String key, @Context UriInfo uri) {
        String publicBaseUrl = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString());
        return idempotent(body, key, "POST /v1/payment_intents", (form, origin) -> {
            StripeParams request = StripeParams.of(form);
            var command = params.create(request, publicBaseUrl);
            boolean expand = params.expandsPaymentMethod(request);
            return json.render(service.create(command, origin), expand).toString();
        });
    }

    @GET
    @Path("{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        StripeParams query = StripeParams.of(StripeFormParser.parse(uri.getRequestUri().getRawQuery()));
        params.retrieve(query);
        boolean expand = params.expandsPaymentMethod(query);
        PaymentIntent intent = service.retrieve(id);
        return ok(ApiResult.fresh(200, json.render(intent, expand).toString(), StripeIds.request()), null);
    }

    @POST
    @Path("{id}/confirm")
    public Response confirm(@PathParam("id") String id, String body, @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return idempotent(body, key, "POST /v1/payment_intents/" + id + "/confirm", (form, origin) -> {
            StripeParams request = StripeParams.of(form);
            var paymentMethod = params.confirm(request);
            boolean expand = params.expandsPaymentMethod(request);
            return json.render(service.confirm(id, paymentMethod, origin), expand).toString();
        });
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id, String body, @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return idempotent(body, key, "POST /v1/payment_intents/" + id + "/cancel", (form, origin) -> {
            StripeParams request = StripeParams.of(form);
            String reason = params.cancellationReason(request);
            boolean expand = params.expandsPaymentMethod(request);
            return json.render(service.cancel(id, reason, origin), expand).toString();
        });
    }

    /** A POST whose result is saved under its Idempotency-Key and replayed for a same-key retry. */
    private Response idempotent(String body, String key, String endpoint, Operation operation) {
        Map<String, Object> form = StripeFormParser.parse(body);
        ApiResult result = idempotency.execute(key, endpoint, form, () -> {
            String requestId = StripeIds.request();
            String json = operation.apply(form, new RequestOrigin(requestId, key));
            return ApiResult.fresh(200, json, requestId);
        });
        return ok(result, key);
    }

    private static Response ok(ApiResult result, String key) {
        Response.ResponseBuilder response = Response.status(result.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(result.body())
                .header("Request-Id", result.requestId());
        if (key != null) {
            response.header(IDEMPOTENCY_KEY, key);
        }
        if (result.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    @FunctionalInterface
    private interface Operation {
        String apply(Map<String, Object> form, RequestOrigin origin);
    }
}
