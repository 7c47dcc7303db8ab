package com.promptpay.gateway.intent.rest;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.promptpay.gateway.events.PrefixedIds;
import com.promptpay.gateway.intent.PaymentIntentStatus;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.rest.problem.Problem.FieldError;
import com.promptpay.gateway.intent.rest.problem.ProblemException;
import com.promptpay.gateway.intent.service.IntentTransitions;
import com.promptpay.gateway.intent.service.IntentViews;
import com.promptpay.gateway.intent.service.PaymentIntentService;

import io.smallrye.mutiny.Uni;

/** The merchant API of the Thai seed: create, read, list and cancel payment intents. */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment intents")
public class PaymentIntentResource {

    static final String SEED_EXAMPLE = """
            {"amount": 10000, "email": "customer@example.com", "description": "สั่งซื้อสินค้า Order #12345",
             "callbackUrl": "https://your-site.com/payment/success", "cancelUrl": "https://your-site.com/payment/cancel",
             "metadata": {"orderId": "12345", "userId": "user_abc"}}""";

    static final String SEED_RESPONSE = """
            {"paymentIntentId": "pi_3xxxxxxxxxxxxxxxxxxxxxxx", "status": "requires_action", "amount": 10000,
             "currency": "thb", "paymentUrl": "http://localhost:3000/payment/pi_3xxxxxxxxxxxxxxxxxxxxxxx",
             "qr": {"imageUrl": "https://qr.stripe.com/...png", "data": "00020101021230..."},
             "expiresAt": "2026-11-21T10:15:00Z", "createdAt": "2026-11-21T10:00:00Z"}""";

    private final PaymentIntentService intents;
    private final IntentTransitions transitions;
    private final MerchantAuth auth;
    private final JsonBodies bodies;
    private final GatewayConfig config;

    public PaymentIntentResource(PaymentIntentService intents, IntentTransitions transitions, MerchantAuth auth,
            JsonBodies bodies, GatewayConfig config) {
        this.intents = intents;
        this.transitions = transitions;
        this.auth = auth;
        this.bodies = bodies;
        this.config = config;
    }

    @POST
    @Path("/intents")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a payment intent",
            description = "Amount in satang. Answers 201 with paymentUrl (send the shopper there) and the PromptPay QR. "
                    + "With an Idempotency-Key header the first response is replayed for 24 h.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "seed", value = SEED_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created: send the shopper to paymentUrl",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IntentViews.Created.class),
                    examples = @ExampleObject(name = "seed", value = SEED_RESPONSE)))
    @APIResponse(responseCode = "400", description = "Invalid request: errors[] names each field",
            content = @Content(mediaType = "application/problem+json"))
    public Uni<Response> create(@HeaderParam("Authorization") String authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey, String body) throws JsonProcessingException {
        var json = bodies.read(body);
        Optional<String> key = idempotencyKey(idempotencyKey);
        return auth.require(authorization).flatMap(merchant -> intents.create(merchant,
                        CreatePaymentIntentRequest.parse(json, merchant, config.intents().minAmount(),
                                config.intents().maxAmount()), key))
                .map(created -> Response.status(created.status()).type(MediaType.APPLICATION_JSON)
                        .entity(created.body()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a payment intent",
            description = "With the merchant's key: the whole intent. Without a key: id, status, amount and currency "
                    + "only, which is what a server-side check of the success redirect needs.")
    public Uni<Object> get(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireIntentId(id);
        return auth.optional(authorization).flatMap(merchant -> merchant.isPresent()
                ? intents.findOwned(merchant.get(), id).map(intent -> (Object) IntentViews.full(intent, config.baseUrl()))
                : intents.find(id).map(intent -> (Object) IntentViews.publicView(intent)));
    }

    @GET
    @Operation(summary = "List the merchant's payment intents, newest first",
            description = "Cursor pagination: pass the nextCursor of a page as startingAfter to get the next one.")
    public Uni<IntentViews.Page> list(@HeaderParam("Authorization") String authorization,
            @QueryParam("status") String status, @QueryParam("limit") String limit,
            @QueryParam("startingAfter") String startingAfter) {
        Optional<PaymentIntentStatus> statusFilter = Optional.ofNullable(status).map(value -> PaymentIntentStatus
                .fromWireName(value).orElseThrow(() -> ProblemException.invalid(List.of(new FieldError("status",
                        "must be one of requires_action, succeeded, canceled, expired")))));
        int pageSize = pageSize(limit);
        if (startingAfter != null) {
            requireValid("startingAfter", startingAfter);
        }
        return auth.require(authorization).flatMap(merchant -> intents.list(merchant, statusFilter,
                Optional.ofNullable(startingAfter), pageSize));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Cancel an open payment intent (at Stripe too)",
            description = "409 if it already succeeded or expired; canceling a canceled intent answers it again.")
    public Uni<IntentViews.Full> cancel(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        requireIntentId(id);
        return auth.require(authorization)
                .flatMap(merchant -> intents.findOwned(merchant, id))
                .flatMap(transitions::cancel)
                .map(intent -> IntentViews.full(intent, config.baseUrl()));
    }

    static void requireIntentId(String id) {
        if (!PrefixedIds.isValid("pi", id)) {
            throw ProblemException.notFound("Payment intent " + sanitized(id));
        }
    }

    private static void requireValid(String field, String id) {
        if (!PrefixedIds.isValid("pi", id)) {
            throw ProblemException.invalid(List.of(new FieldError(field, "must be a payment intent id (pi_…)")));
        }
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return 20;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid(List.of(new FieldError("limit", "must be an integer from 1 to 100")));
    }

    private static Optional<String> idempotencyKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ProblemException.invalid(List.of(new FieldError("Idempotency-Key",
                    "must be 1 to 255 visible ASCII characters")));
        }
        return Optional.of(key);
    }

    private static String sanitized(String id) {
        String printable = id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
