package com.promptpay.gateway.intent.rest;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.rest.problem.ProblemException;
import com.promptpay.gateway.intent.service.ApiKeys;
import com.promptpay.gateway.intent.service.MerchantService;

import io.smallrye.mutiny.Uni;

/** Operators create merchants, rotate their keys and change their settings: {@code Bearer $GATEWAY_ADMIN_TOKEN}. */
@Path("/admin/merchants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Admin")
public class AdminResource {

    public record Webhook(String url, String format) {
    }

    /** Secrets appear only in the answer to creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MerchantView(String id, String name, List<String> allowedOrigins, String defaultCallbackUrl,
            String defaultCancelUrl, Webhook webhook, String apiKeyId, String apiKey, String webhookSecret,
            String appSecret, String redirectSecret, String linkSecret) {

        static MerchantView of(Merchant merchant) {
            return new MerchantView(merchant.id(), merchant.name(), merchant.allowedOrigins(),
                    merchant.defaultCallbackUrl(), merchant.defaultCancelUrl(),
                    new Webhook(merchant.webhookUrl(), merchant.webhookFormat().wireName()), null, null, null, null, null, null);
        }
    }

    public record KeyView(String id, String apiKey) {
    }

    private final MerchantService merchants;
    private final JsonBodies bodies;
    private final String adminToken;

    public AdminResource(MerchantService merchants, JsonBodies bodies, GatewayConfig config) {
        this.merchants = merchants;
        this.bodies = bodies;
        this.adminToken = config.adminToken();
    }

    @POST
    @Operation(summary = "Create a merchant; its API key and secrets are shown once")
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, String body)
            throws JsonProcessingException {
        requireAdmin(authorization);
        MerchantSettings settings = MerchantSettings.parse(bodies.read(body), Optional.empty());
        return merchants.create(settings).map(created -> {
            Merchant merchant = created.merchant();
            MerchantView view = new MerchantView(merchant.id(), merchant.name(), merchant.allowedOrigins(),
                    merchant.defaultCallbackUrl(), merchant.defaultCancelUrl(),
                    new Webhook(merchant.webhookUrl(), merchant.webhookFormat().wireName()), created.apiKeyId(),
                    created.apiKey(), created.webhookSecret(), created.appSecret(), created.redirectSecret(),
                    created.linkSecret());
            return Response.status(201).entity(view).build();
        });
    }

    @GET
    @Path("/{id}")
    public Uni<MerchantView> get(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireAdmin(authorization);
        return merchants.find(requireMerchantId(id)).map(MerchantView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change any of name, allowedOrigins, webhook, defaultCallbackUrl, defaultCancelUrl")
    public Uni<MerchantView> update(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            String body) throws JsonProcessingException {
        requireAdmin(authorization);
        var json = bodies.read(body);
        return merchants.update(requireMerchantId(id), current -> MerchantSettings.parse(json, Optional.of(current)))
                .map(MerchantView::of);
    }

    @POST
    @Path("/{id}/api-keys")
    @Operation(summary = "Add an API key; existing keys stay valid until deleted")
    public Uni<Response> addKey(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireAdmin(authorization);
        return merchants.addApiKey(requireMerchantId(id))
                .map(key -> Response.status(201).entity(new KeyView(key.id(), key.apiKey())).build());
    }

    @DELETE
    @Path("/{id}/api-keys/{keyId}")
    public Uni<Response> revokeKey(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            @PathParam("keyId") String keyId) {
        requireAdmin(authorization);
        if (!PrefixedIds.isValid("key", keyId)) {
            throw ProblemException.notFound("API key");
        }
        return merchants.revokeApiKey(requireMerchantId(id), keyId).replaceWith(Response.noContent().build());
    }

    private void requireAdmin(String authorization) {
        if (!ApiKeys.same(MerchantAuth.bearer(authorization), adminToken)) {
            throw ProblemException.unauthorized("The admin API needs 'Authorization: Bearer <GATEWAY_ADMIN_TOKEN>'.");
        }
    }

    private static String requireMerchantId(String id) {
        if (!PrefixedIds.isValid("mch", id)) {
            throw ProblemException.notFound("Merchant");
        }
        return id;
    }
}
