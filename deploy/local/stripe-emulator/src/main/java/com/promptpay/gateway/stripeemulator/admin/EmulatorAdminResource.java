package com.promptpay.gateway.stripeemulator.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import com.promptpay.gateway.stripeemulator.json.PaymentIntentJson;
import com.promptpay.gateway.stripeemulator.service.PaymentIntentService;
import com.promptpay.gateway.stripeemulator.webhook.DeliveryAttempt;
import com.promptpay.gateway.stripeemulator.webhook.DeliveryMode;
import com.promptpay.gateway.stripeemulator.webhook.EventDelivery;
import com.promptpay.gateway.stripeemulator.webhook.EventLog;
import com.promptpay.gateway.stripeemulator.webhook.StripeEvent;
import com.promptpay.gateway.stripeemulator.webhook.WebhookDispatcher;
import com.promptpay.gateway.stripeemulator.webhook.WebhookEndpoints;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's own controls for tests and the local stack (documented in the module README).
 * Not part of Stripe's API, hence no API key: it listens on 127.0.0.1 only by default.
 */
@Path("/_emulator")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class EmulatorAdminResource {

    private final PaymentIntentService intents;
    private final PaymentIntentJson intentJson;
    private final EventLog events;
    private final WebhookDispatcher dispatcher;
    private final WebhookEndpoints endpoints;
    private final ObjectMapper mapper;

    public EmulatorAdminResource(PaymentIntentService intents, PaymentIntentJson intentJson, EventLog events,
            WebhookDispatcher dispatcher, WebhookEndpoints endpoints, ObjectMapper mapper) {
        this.intents = intents;
        this.intentJson = intentJson;
        this.events = events;
        this.dispatcher = dispatcher;
        this.endpoints = endpoints;
        this.mapper = mapper;
    }

    /** Oldest first; filter by {@code type} and/or {@code paymentIntent}. */
    @GET
    @Path("events")
    public ObjectNode listEvents(@QueryParam("type") String type, @QueryParam("paymentIntent") String intentId) {
        ObjectNode list = mapper.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        events.all().stream()
                .filter(event -> type == null || type.equals(event.type()))
                .filter(event -> intentId == null || intentId.equals(event.paymentIntentId()))
                .forEach(event -> data.add(describe(event)));
        return list;
    }

    @GET
    @Path("events/{id}")
    public ObjectNode getEvent(@PathParam("id") String id) {
        return describe(events.get(id));
    }

    /** Sends the same event (same id, same body, fresh signature) to every endpoint again. */
    @POST
    @Path("events/{id}/replay")
    public ObjectNode replay(@PathParam("id") String id) {
        StripeEvent event = events.get(id);
        dispatcher.replay(event);
        return describe(event);
    }

    @POST
    @Path("payment_intents/{id}/authorize")
    public ObjectNode authorize(@PathParam("id") String id) {
        return intentJson.render(intents.authorize(id), false);
    }

    @POST
    @Path("payment_intents/{id}/fail")
    public ObjectNode fail(@PathParam("id") String id) {
        return intentJson.render(intents.fail(id), false);
    }

    @GET
    @Path("delivery-mode")
    public ObjectNode deliveryMode() {
        return describe(dispatcher.mode());
    }

    /** {@code {"duplicate":true,"delayMs":2000}}; omitted fields go back to normal (false, 0). */
    @PUT
    @Path("delivery-mode")
    public ObjectNode setDeliveryMode(String body) throws JsonProcessingException {
        JsonNode request = readObject(body);
        JsonNode delay = request.path("delayMs");
        JsonNode duplicate = request.path("duplicate");
        if (!delay.isMissingNode() && !(delay.canConvertToLong() && delay.isIntegralNumber() && delay.asLong() >= 0)) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer",
                    "delayMs must be a whole number of milliseconds, 0 or more.", "delayMs");
        }
        if (!duplicate.isMissingNode() && !duplicate.isBoolean()) {
            throw StripeApiException.invalidRequest("parameter_invalid_boolean", "duplicate must be true or false.",
                    "duplicate");
        }
        dispatcher.setMode(new DeliveryMode(duplicate.asBoolean(false), delay.asLong(0)));
        return describe(dispatcher.mode());
    }

    @GET
    @Path("webhook-endpoints")
    public ObjectNode webhookEndpoints() {
        return describeEndpoints();
    }

    /** {@code {"urls":["http://127.0.0.1:8083/webhooks/stripe"]}} replaces the endpoint list. */
    @PUT
    @Path("webhook-endpoints")
    public ObjectNode setWebhookEndpoints(String body) throws JsonProcessingException {
        JsonNode urls = readObject(body).path("urls");
        if (!urls.isArray()) {
            throw StripeApiException.parameterMissing("urls");
        }
        List<String> replacement = new ArrayList<>();
        for (JsonNode url : urls) {
            replacement.add(requireHttpUrl(url));
        }
        endpoints.replaceUrls(replacement);
        return describeEndpoints();
    }

    private JsonNode readObject(String body) throws JsonProcessingException {
        JsonNode json = mapper.readTree(body == null || body.isBlank() ? "{}" : body);
        if (!json.isObject()) {
            throw StripeApiException.invalidRequest(null, "The request body must be a JSON object.", null);
        }
        return json;
    }

    private static String requireHttpUrl(JsonNode url) {
        try {
            URI uri = URI.create(url.asText(""));
            if (url.isTextual() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri.toString();
            }
        } catch (IllegalArgumentException invalid) {
            // answered below, with the offending value
        }
        throw StripeApiException.invalidRequest("url_invalid", "Invalid URL: " + url, "urls");
    }

    private ObjectNode describeEndpoints() {
        ObjectNode json = mapper.createObjectNode();
        endpoints.urls().forEach(json.putArray("urls")::add);
        endpoints.enabledEvents().forEach(json.putArray("enabledEvents")::add);
        return json;
    }

    private ObjectNode describe(DeliveryMode mode) {
        ObjectNode json = mapper.createObjectNode();
        json.put("duplicate", mode.duplicate());
        json.put("delayMs", mode.delayMs());
        return json;
    }

    private ObjectNode describe(StripeEvent event) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", event.id());
        json.put("type", event.type());
        json.put("created", event.created());
        json.put("paymentIntent", event.paymentIntentId());
        ArrayNode deliveries = json.putArray("deliveries");
        for (EventDelivery delivery : event.deliveries()) {
            ObjectNode entry = deliveries.addObject();
            entry.put("url", delivery.url());
            entry.put("state", delivery.state().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode attempts = entry.putArray("attempts");
            for (DeliveryAttempt attempt : delivery.attempts()) {
                ObjectNode a = attempts.addObject();
                a.put("number", attempt.number());
                a.put("at", attempt.at().toString());
                if (attempt.httpStatus() != null) {
                    a.put("httpStatus", attempt.httpStatus());
                } else {
                    a.putNull("httpStatus");
                }
                a.put("error", attempt.error());
                a.put("durationMs", attempt.durationMillis());
            }
        }
        try {
            json.set("event", mapper.readTree(event.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event bodies are written by this emulator as JSON", e);
        }
        return json;
    }
}
