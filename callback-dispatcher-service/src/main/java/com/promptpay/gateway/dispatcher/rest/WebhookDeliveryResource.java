package com.promptpay.gateway.dispatcher.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.promptpay.gateway.dispatcher.DeliveryStatus;
import com.promptpay.gateway.dispatcher.rest.Views.DeliveryPage;
import com.promptpay.gateway.dispatcher.rest.Views.DeliveryView;
import com.promptpay.gateway.dispatcher.rest.problem.Problem;
import com.promptpay.gateway.dispatcher.rest.problem.ProblemException;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository;
import com.promptpay.gateway.dispatcher.service.MerchantApiService;
import com.promptpay.gateway.dispatcher.service.RequestRejected;
import com.promptpay.gateway.events.PrefixedIds;

import io.smallrye.mutiny.Uni;

/** A merchant's webhook deliveries: list, one with its attempts, retry. */
@Path("/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveryResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final MerchantAuth auth;
    private final MerchantApiService api;

    public WebhookDeliveryResource(MerchantAuth auth, MerchantApiService api) {
        this.auth = auth;
        this.api = api;
    }

    /** Newest first; filter by {@code status}, {@code eventType}, {@code paymentIntentId}; page with {@code startingAfter}. */
    @GET
    public Uni<DeliveryPage> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("status") String status, @QueryParam("eventType") String eventType,
            @QueryParam("paymentIntentId") String paymentIntentId, @QueryParam("limit") String limit,
            @QueryParam("startingAfter") String startingAfter) {
        return auth.require(authorization)
                .flatMap(merchantId -> api.list(merchantId, filter(status, eventType, paymentIntentId, limit, startingAfter)))
                .map(page -> new DeliveryPage(page.deliveries().stream().map(d -> Views.delivery(d, null)).toList(),
                        page.hasMore()));
    }

    @GET
    @Path("{id}")
    public Uni<DeliveryView> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        return auth.require(authorization).flatMap(merchantId -> {
            requireDeliveryId(id);
            return api.get(merchantId, id);
        }).map(detail -> Views.delivery(detail.delivery(), detail.attempts()));
    }

    /** Sends the delivery again now (same {@code webhook-id}), with a fresh retry schedule. */
    @POST
    @Path("{id}/retry")
    public Uni<Response> retry(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        return auth.require(authorization).flatMap(merchantId -> {
            requireDeliveryId(id);
            return api.retry(merchantId, id);
        }).map(record -> Response.accepted(Views.delivery(record, null)).build());
    }

    private static void requireDeliveryId(String id) {
        if (!PrefixedIds.isValid("dlv", id)) {
            throw RequestRejected.notFound("Delivery " + (id == null ? "" : id.substring(0, Math.min(id.length(), 40))));
        }
    }

    static DeliveryRepository.Filter filter(String status, String eventType, String paymentIntentId, String limit,
            String startingAfter) {
        List<Problem.FieldError> errors = new ArrayList<>();
        DeliveryStatus parsedStatus = null;
        if (status != null && !status.isBlank()) {
            parsedStatus = DeliveryStatus.parse(status.strip()).orElse(null);
            if (parsedStatus == null) {
                errors.add(new Problem.FieldError("status", "must be one of "
                        + Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).collect(Collectors.joining(", "))));
            }
        }
        if (eventType != null && (eventType.isBlank() || eventType.length() > 100)) {
            errors.add(new Problem.FieldError("eventType", "must be an event type such as payment_intent.succeeded"));
        }
        if (paymentIntentId != null && !PrefixedIds.isValid("pi", paymentIntentId)) {
            errors.add(new Problem.FieldError("paymentIntentId", "must be a payment intent id (pi_…)"));
        }
        if (startingAfter != null && !PrefixedIds.isValid("dlv", startingAfter)) {
            errors.add(new Problem.FieldError("startingAfter", "must be a delivery id (dlv_…)"));
        }
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
                if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new DeliveryRepository.Filter(parsedStatus, eventType == null ? null : eventType.strip(), paymentIntentId,
                startingAfter, parsedLimit);
    }
}
