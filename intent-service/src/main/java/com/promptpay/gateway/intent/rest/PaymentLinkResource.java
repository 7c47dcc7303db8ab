package com.promptpay.gateway.intent.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.intent.rest.problem.Problem.FieldError;
import com.promptpay.gateway.intent.rest.problem.ProblemException;
import com.promptpay.gateway.intent.service.MerchantService;
import com.promptpay.gateway.intent.service.PaymentLink;
import com.promptpay.gateway.intent.service.PaymentLinkService;

import io.smallrye.mutiny.Uni;

/** Signed payment links: opened by shoppers' browsers, built by merchants who cannot run code at checkout. */
@Path("/")
@Tag(name = "Payment links")
public class PaymentLinkResource {

    private static final Logger LOG = Logger.getLogger(PaymentLinkResource.class);

    public record LinkView(String url) {
    }

    private final PaymentLinkService links;
    private final MerchantService merchants;
    private final MerchantAuth auth;
    private final JsonBodies bodies;

    public PaymentLinkResource(PaymentLinkService links, MerchantService merchants, MerchantAuth auth, JsonBodies bodies) {
        this.links = links;
        this.merchants = merchants;
        this.auth = auth;
        this.bodies = bodies;
    }

    @GET
    @Path("/pay/{merchantId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Open a signed payment link: 303 to the checkout page, or an error page in Thai and English")
    public Uni<Response> open(@PathParam("merchantId") String merchantId, @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            if (!PrefixedIds.isValid("mch", merchantId)) {
                throw ProblemException.notFound("Merchant");
            }
            return merchants.findOptional(merchantId).flatMap(found -> links.open(
                    found.orElseThrow(() -> ProblemException.notFound("Merchant")),
                    PaymentLink.parse(uri.getQueryParameters(true))));
        }).map(opened -> Response.seeOther(URI.create(opened.paymentUrl())).header("Referrer-Policy", "no-referrer").build())
                .onFailure(ProblemException.class).recoverWithItem(failure -> LinkErrorPage.of(((ProblemException) failure).problem()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.error("opening a payment link failed", failure);
                    return LinkErrorPage.of(new ProblemException(503, "Unavailable", "Please try again in a moment.").problem());
                });
    }

    @POST
    @Path("/payment-links")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Build a signed payment link for uid, text and sum (and optional email, callbackUrl, cancelUrl, expires)")
    public Uni<Response> build(@HeaderParam("Authorization") String authorization, String body) throws JsonProcessingException {
        JsonNode json = bodies.read(body);
        Map<String, String> parameters = linkParameters(json);
        // Shape rules are the link's own; the signature is added after they pass.
        PaymentLink.parse(withPlaceholderSign(parameters));
        return auth.require(authorization)
                .map(merchant -> Response.status(201).entity(new LinkView(links.build(merchant, parameters))).build());
    }

    private static Map<String, String> linkParameters(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        Map<String, String> parameters = new TreeMap<>();
        json.fields().forEachRemaining(field -> {
            if (field.getKey().isEmpty()) {
                throw ProblemException.invalid(List.of(new FieldError("body", "has a field with an empty name")));
            }
            if (!PaymentLink.SIGNED.contains(field.getKey())) {
                throw ProblemException.invalid(List.of(new FieldError(field.getKey(), "is not a payment-link field")));
            }
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw ProblemException.invalid(List.of(new FieldError(field.getKey(), "must be a string or number")));
            }
            parameters.put(field.getKey(), field.getValue().asText());
        });
        return parameters;
    }

    private static Map<String, List<String>> withPlaceholderSign(Map<String, String> parameters) {
        Map<String, List<String>> query = new TreeMap<>();
        parameters.forEach((name, value) -> query.put(name, List.of(value)));
        query.put("sign", List.of("0".repeat(64)));
        return query;
    }
}
