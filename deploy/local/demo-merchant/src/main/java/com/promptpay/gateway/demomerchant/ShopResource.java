package com.promptpay.gateway.demomerchant;

import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.promptpay.gateway.demomerchant.GatewayClient.GatewayException;
import com.promptpay.gateway.demomerchant.RedirectSignature.Verdict;
import com.promptpay.gateway.demomerchant.WebhookInbox.Received;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The shop a newcomer clicks through after {@code ./gateway up}: "Pay ฿100" creates an intent and sends
 * the shopper to the gateway's page; the success and cancel pages do what the seed recommends, they
 * check the redirect's signature and ask the gateway ({@code GET /payments/{id}}) before believing it.
 */
@Path("/")
public class ShopResource {

    /** What the success or cancel page found out. */
    public record Outcome(String kind, String paymentId, String status, String amount, String signature,
            String serverStatus, String serverAmount, boolean verified, String problem, List<Received> webhooks) {

        public boolean success() {
            return "success".equals(kind);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance shop(String amount, String gatewayUrl, int webhookCount);

        static native TemplateInstance result(Outcome outcome);

        static native TemplateInstance problem(String title, String detail);
    }

    private static final Logger LOG = Logger.getLogger(ShopResource.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");

    private final GatewayClient gateway;
    private final WebhookInbox inbox;
    private final DemoConfig config;

    public ShopResource(GatewayClient gateway, WebhookInbox inbox, DemoConfig config) {
        this.gateway = gateway;
        this.inbox = inbox;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance shop() {
        return Templates.shop(baht(config.amount()), config.gatewayUrl(), inbox.all().size());
    }

    @POST
    @Path("checkout")
    @Consumes(MediaType.WILDCARD)
    public Response checkout() {
        String orderId = Integer.toString(100000 + RANDOM.nextInt(900000));
        try {
            GatewayClient.Created created = gateway.createIntent(orderId);
            LOG.infof("order %s → %s", orderId, created.paymentIntentId());
            return Response.seeOther(URI.create(created.paymentUrl())).build();
        } catch (GatewayException e) {
            LOG.warnf("order %s: %s", orderId, e.getMessage());
            return Response.status(502).type(HTML)
                    .entity(Templates.problem("The gateway did not create the payment", e.getMessage())).build();
        }
    }

    @GET
    @Path("payment/success")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance success(@Context UriInfo uri) {
        return Templates.result(check("success", uri));
    }

    /** The seed's local test uses {@code http://localhost:3001/success}. */
    @GET
    @Path("success")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance seedSuccess(@Context UriInfo uri) {
        return success(uri);
    }

    @GET
    @Path("payment/cancel")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance cancel(@Context UriInfo uri) {
        return Templates.result(check("cancel", uri));
    }

    @GET
    @Path("cancel")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance seedCancel(@Context UriInfo uri) {
        return cancel(uri);
    }

    private Outcome check(String kind, UriInfo uri) {
        Map<String, String> query = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? null : values.get(0)));
        String paymentId = query.get("payment_id");
        String status = query.get("status");
        String amount = query.get("amount");
        Verdict signature = RedirectSignature.check(query, config.redirectSecret().orElse(null));
        if (paymentId == null || !paymentId.matches("pi_[A-Za-z0-9]{1,64}")) {
            return new Outcome(kind, paymentId, status, amount, signature.name(), null, null, false,
                    "payment_id is missing or malformed", List.of());
        }
        String serverStatus = null;
        String serverAmount = null;
        String problem = null;
        try {
            JsonNode payment = gateway.payment(paymentId);
            serverStatus = payment.path("status").asText(null);
            serverAmount = payment.path("amount").isNumber() ? Long.toString(payment.path("amount").asLong()) : null;
        } catch (GatewayException e) {
            problem = e.getMessage();
        }
        boolean signatureOk = signature == Verdict.VALID || signature == Verdict.NO_SECRET;
        boolean verified = signatureOk && serverStatus != null && ("success".equals(kind)
                ? "success".equals(status) && "succeeded".equals(serverStatus) && serverAmount != null && serverAmount.equals(amount)
                : "cancel".equals(status) && ("canceled".equals(serverStatus) || "expired".equals(serverStatus)));
        return new Outcome(kind, paymentId, status, amount, signature.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                serverStatus, serverAmount, verified, problem, inbox.forPayment(paymentId));
    }

    static String baht(long satang) {
        return String.format(Locale.ROOT, "฿%,d.%02d", satang / 100, satang % 100);
    }
}
