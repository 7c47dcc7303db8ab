package com.promptpay.gateway.demomerchant;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.promptpay.gateway.demomerchant.WebhookInbox.Received;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code POST /webhooks/gateway} (the demo merchant's webhook URL) and what it received. */
@Path("/webhooks")
public class WebhookResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Received> webhooks);
    }

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);

    private final WebhookInbox inbox;

    public WebhookResource(WebhookInbox inbox) {
        this.inbox = inbox;
    }

    @POST
    @Path("gateway")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(String body, @HeaderParam("webhook-id") String id,
            @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature) {
        try {
            Received received = inbox.accept(body == null ? "" : body, id, timestamp, signature);
            LOG.infof("webhook %s %s for %s (delivery %d)", received.webhookId(), received.type(),
                    received.paymentIntentId(), received.deliveries());
            return Response.noContent().build();
        } catch (WebhookInbox.Rejected e) {
            LOG.warnf("webhook %s rejected: %s", id, e.getMessage());
            return Response.status(400).type("application/problem+json")
                    .entity(Map.of("type", "about:blank", "title", "Webhook rejected", "status", 400, "detail", e.getMessage()))
                    .build();
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.list(inbox.all());
    }

    /** The same list as JSON, newest first, with {@code Accept: application/json} (for tests and scripts). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Received> json() {
        return inbox.all();
    }
}
