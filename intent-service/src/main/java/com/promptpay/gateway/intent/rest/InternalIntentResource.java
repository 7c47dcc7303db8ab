package com.promptpay.gateway.intent.rest;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.PaymentIntent;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.rest.problem.ProblemException;
import com.promptpay.gateway.intent.service.ApiKeys;
import com.promptpay.gateway.intent.service.IntentTransitions;
import com.promptpay.gateway.intent.service.MerchantService;
import com.promptpay.gateway.intent.service.PaymentIntentService;
import com.promptpay.gateway.intent.service.RedirectSigner;

import io.smallrye.mutiny.Uni;

/**
 * What the hosted checkout page needs, behind {@code Bearer $GATEWAY_SERVICE_TOKEN} and never routed by
 * the public entry. The redirect back to the merchant is built and signed here, where the secret lives.
 */
@Path("/internal/intents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal (checkout page)")
public class InternalIntentResource {

    public record Qr(String data, String imageUrl) {
    }

    public record CheckoutView(String id, String status, long amount, String currency, String description,
            String merchantName, String callbackUrl, String cancelUrl, Qr qr, Instant expiresAt, boolean late) {
    }

    /** Where the shopper goes now: {@code redirectUrl} is null while the intent is open. */
    public record ReturnView(String id, String status, String redirectUrl) {
    }

    private final PaymentIntentService intents;
    private final IntentTransitions transitions;
    private final MerchantService merchants;
    private final String serviceToken;

    public InternalIntentResource(PaymentIntentService intents, IntentTransitions transitions, MerchantService merchants,
            GatewayConfig config) {
        this.intents = intents;
        this.transitions = transitions;
        this.merchants = merchants;
        this.serviceToken = config.serviceToken();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Everything the checkout page shows")
    public Uni<CheckoutView> details(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireService(authorization);
        PaymentIntentResource.requireIntentId(id);
        return intents.find(id).flatMap(intent -> merchants.find(intent.merchantId()).map(merchant -> new CheckoutView(
                intent.id(), intent.status().wireName(), intent.amount(), intent.currency(), intent.description(),
                merchant.name(), intent.callbackUrl(), intent.cancelUrl(),
                new Qr(intent.qr().data(), intent.qr().imageUrlPng()), intent.expiresAt(), intent.late())));
    }

    @GET
    @Path("/{id}/return")
    @Operation(summary = "The signed redirect for a finished intent, read afresh from the database")
    public Uni<ReturnView> returnTo(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireService(authorization);
        PaymentIntentResource.requireIntentId(id);
        return intents.find(id).flatMap(intent -> merchants.find(intent.merchantId()).map(merchant -> returnView(intent, merchant)));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "The shopper pressed Cancel")
    public Uni<ReturnView> cancel(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireService(authorization);
        PaymentIntentResource.requireIntentId(id);
        return intents.find(id).flatMap(transitions::cancel)
                .flatMap(canceled -> merchants.find(canceled.merchantId()).map(merchant -> returnView(canceled, merchant)));
    }

    private ReturnView returnView(PaymentIntent intent, Merchant merchant) {
        String secret = merchants.redirectSecret(merchant);
        String redirect = switch (intent.status()) {
            case SUCCEEDED -> RedirectSigner.redirect(intent.callbackUrl(), Map.of("payment_id", intent.id(),
                    "status", "success", "amount", Long.toString(intent.amount())), secret);
            case CANCELED, EXPIRED -> RedirectSigner.redirect(intent.cancelUrl(), Map.of("payment_id", intent.id(),
                    "status", "cancel"), secret);
            case REQUIRES_ACTION -> null;
        };
        return new ReturnView(intent.id(), intent.status().wireName(), redirect);
    }

    private void requireService(String authorization) {
        if (!ApiKeys.same(MerchantAuth.bearer(authorization), serviceToken)) {
            throw ProblemException.unauthorized("Internal endpoint: service token required.");
        }
    }

}
