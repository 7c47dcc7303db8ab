package com.promptpay.gateway.stripeemulator.testpage;

import com.promptpay.gateway.stripeemulator.Baht;
import com.promptpay.gateway.stripeemulator.PaymentIntent;
import com.promptpay.gateway.stripeemulator.PaymentIntentStatus;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import com.promptpay.gateway.stripeemulator.json.TestPageLinks;
import com.promptpay.gateway.stripeemulator.service.PaymentIntentService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stripe's test-mode PromptPay page: what the QR code opens. The shopper (or a test) authorizes or
 * fails the payment with plain form POSTs, then lands back on the page (POST-redirect-GET).
 */
@Path("/promptpay/{id}")
public class TestPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(TestPageView view);

        static native TemplateInstance missing(String id);
    }

    private final PaymentIntentService service;
    private final QrCodeRenderer qr;

    public TestPageResource(PaymentIntentService service, QrCodeRenderer qr) {
        this.service = service;
        this.qr = qr;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("id") String id) {
        return withIntent(id, intent -> Response.ok(Templates.page(view(intent, null))).build());
    }

    @GET
    @Path("qr.png")
    @Produces("image/png")
    public Response qrPng(@PathParam("id") String id) {
        return withIntent(id, intent -> Response.ok(qr.png(links(intent).page())).build());
    }

    @GET
    @Path("qr.svg")
    @Produces("image/svg+xml")
    public Response qrSvg(@PathParam("id") String id) {
        return withIntent(id, intent -> Response.ok(qr.svg(links(intent).page())).build());
    }

    @POST
    @Path("authorize")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    public Response authorize(@PathParam("id") String id) {
        return act(id, service::authorize);
    }

    @POST
    @Path("fail")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    public Response fail(@PathParam("id") String id) {
        return act(id, service::fail);
    }

    /** A finished or refused action shows the page again; a refusal says why, with Stripe's 400. */
    private Response act(String id, Consumer<String> action) {
        return withIntent(id, before -> {
            try {
                action.accept(id);
                return Response.seeOther(URI.create("/promptpay/" + id)).build();
            } catch (StripeApiException refused) {
                PaymentIntent current = service.retrieve(id);
                return Response.status(refused.status())
                        .entity(Templates.page(view(current, refused.getMessage()))).build();
            }
        });
    }

    private Response withIntent(String id, Function<PaymentIntent, Response> render) {
        PaymentIntent intent;
        try {
            intent = service.retrieve(id);
        } catch (StripeApiException missing) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.missing(id)).build();
        }
        return render.apply(intent);
    }

    private static TestPageLinks links(PaymentIntent intent) {
        return TestPageLinks.of(intent.publicBaseUrl(), intent.id());
    }

    private static TestPageView view(PaymentIntent intent, String error) {
        return new TestPageView(intent.id(), Baht.format(intent.amount()), intent.description(),
                intent.status().wireName(), intent.status() == PaymentIntentStatus.REQUIRES_ACTION,
                "/promptpay/" + intent.id(), error);
    }
}
