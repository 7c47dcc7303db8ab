package com.promptpay.gateway.checkout.rest;

import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

import com.promptpay.gateway.events.PaymentLogs;
import com.promptpay.gateway.checkout.IntentStatus;
import com.promptpay.gateway.checkout.Lang;
import com.promptpay.gateway.checkout.client.IntentNotFound;
import com.promptpay.gateway.checkout.client.ReturnView;
import com.promptpay.gateway.checkout.service.CheckoutService;
import com.promptpay.gateway.checkout.service.CsrfTokens;
import com.promptpay.gateway.checkout.service.QrCodes;
import com.promptpay.gateway.events.PrefixedIds;

import io.smallrye.mutiny.Uni;

/**
 * The hosted page of the Thai seed (steps 3–6): the QR, the way back to the merchant after success, and
 * Cancel. Pages answer HTML (a friendly page for every failure), the small JSON endpoints problem+json.
 */
@Path("/payment")
public class CheckoutResource {

    /** {@code GET /payment/{id}/status}: the polling fallback of the live status. */
    public record StatusView(String id, String status, Instant expiresAt) {
    }

    private static final Logger LOG = Logger.getLogger(CheckoutResource.class);

    private final CheckoutService checkout;
    private final HtmlPages pages;
    private final CsrfTokens csrf;
    private final QrCodes qrCodes;

    public CheckoutResource(CheckoutService checkout, HtmlPages pages, CsrfTokens csrf, QrCodes qrCodes) {
        this.checkout = checkout;
        this.pages = pages;
        this.csrf = csrf;
        this.qrCodes = qrCodes;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The checkout page: QR, amount, countdown and Cancel; or the paid, cancelled or expired view")
    public Uni<Response> page(@PathParam("id") String id, @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @CookieParam(CsrfTokens.COOKIE) String csrfCookie) {
        Lang language = Lang.negotiate(lang, acceptLanguage);
        if (!PrefixedIds.isValid("pi", id)) {
            return pages.notFound(language, "/payment/" + safeSegment(id));
        }
        String pagePath = "/payment/" + id;
        return checkout.details(id)
                .flatMap(intent -> pages.checkout(intent, language, csrfCookie))
                .onFailure().recoverWithUni(failure -> failurePage(failure, language, pagePath,
                        pagePath + "?lang=" + language.code()));
    }

    @GET
    @Path("/{id}/return")
    @Operation(summary = "Back to the merchant: 303 to the signed callbackUrl (succeeded) or cancelUrl (canceled, expired)",
            description = "Re-reads the status from intent-service; while the intent is open it goes back to the page.")
    public Uni<Response> returnTo(@PathParam("id") String id, @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Lang language = Lang.negotiate(lang, acceptLanguage);
        if (!PrefixedIds.isValid("pi", id)) {
            return pages.notFound(language, "/payment/" + safeSegment(id));
        }
        String pagePath = "/payment/" + id;
        return checkout.returnTo(id)
                .map(view -> follow(view, pagePath, language))
                .onFailure().recoverWithUni(failure -> failurePage(failure, language, pagePath,
                        pagePath + "/return?lang=" + language.code()));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The shopper pressed Cancel: 303 to the signed cancelUrl (or to the success redirect if paid meanwhile)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(implementation = CancelForm.class)))
    public Uni<Response> cancel(@PathParam("id") String id, String body,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @CookieParam(CsrfTokens.COOKIE) String csrfCookie, @HeaderParam("Sec-Fetch-Site") String fetchSite) {
        CancelForm form = CancelForm.parse(body);
        Lang language = Lang.negotiate(form.lang(), acceptLanguage);
        if (!PrefixedIds.isValid("pi", id)) {
            return pages.notFound(language, "/payment/" + safeSegment(id));
        }
        String pagePath = "/payment/" + id;
        boolean crossSite = "cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite);
        if (crossSite || !csrf.matches(id, csrfCookie, form.csrf())) {
            PaymentLogs.info(LOG, id, "cancel of %s refused: %s", id, crossSite ? "cross-site request" : "CSRF token missing or wrong");
            return pages.formRefused(language, pagePath, 403);
        }
        return checkout.cancel(id)
                .map(view -> follow(view, pagePath, language))
                .onFailure().recoverWithUni(failure -> failurePage(failure, language, pagePath,
                        pagePath + "?lang=" + language.code()));
    }

    @GET
    @Path("/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The current status, for browsers whose event stream failed")
    public Uni<Response> status(@PathParam("id") String id) {
        if (!PrefixedIds.isValid("pi", id)) {
            return Uni.createFrom().item(Problems.notFound("Payment intent " + safeSegment(id) + " does not exist."));
        }
        return checkout.details(id)
                .map(intent -> Response.ok(new StatusView(intent.id(), intent.status(), intent.expiresAt()))
                        .type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build())
                .onFailure().recoverWithItem(failure -> failureProblem(failure, id));
    }

    @GET
    @Path("/{id}/qr.png")
    @Operation(summary = "The PromptPay QR as a PNG download, while the intent is open")
    public Uni<Response> qrPng(@PathParam("id") String id) {
        if (!PrefixedIds.isValid("pi", id)) {
            return Uni.createFrom().item(Problems.notFound("Payment intent " + safeSegment(id) + " does not exist."));
        }
        return checkout.details(id).map(intent -> {
            if (!"requires_action".equals(intent.status()) || intent.qr() == null || intent.qr().data() == null) {
                return Problems.gone("Payment intent " + id + " is " + intent.status() + ": its QR code can no longer be paid.");
            }
            return Response.ok(qrCodes.png(intent.qr().data()), "image/png")
                    .header("Content-Disposition", "attachment; filename=\"promptpay-" + id + ".png\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }).onFailure().recoverWithItem(failure -> failureProblem(failure, id));
    }

    /** 303 to the signed merchant URL when the intent is finished, else back to the page. */
    private static Response follow(ReturnView view, String pagePath, Lang language) {
        Optional<String> target = Optional.ofNullable(view.redirectUrl())
                .filter(url -> IntentStatus.fromWireName(view.status()).map(IntentStatus::isTerminal).orElse(false))
                .filter(url -> HtmlPages.origin(url).isPresent());
        return seeOther(target.orElse(pagePath + "?lang=" + language.code()));
    }

    /** Location as given: relative stays relative, so the browser resolves it against the public entry. */
    private static Response seeOther(String location) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Uni<Response> failurePage(Throwable failure, Lang language, String pagePath, String retryUrl) {
        if (failure instanceof IntentNotFound) {
            return pages.notFound(language, pagePath);
        }
        LOG.warnf("intent-service unavailable for %s: %s", pagePath, failure.toString());
        return pages.unavailable(language, pagePath, retryUrl);
    }

    private static Response failureProblem(Throwable failure, String id) {
        if (failure instanceof IntentNotFound) {
            return Problems.notFound("Payment intent " + id + " does not exist.");
        }
        PaymentLogs.warn(LOG, id, "intent-service unavailable for %s: %s", id, failure.toString());
        return Problems.unavailable("The payment service cannot answer right now; try again in a few seconds.");
    }

    /** An id that is not one of ours, made harmless for a path in a link. */
    static String safeSegment(String id) {
        String printable = id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "");
        return printable.length() > 40 ? printable.substring(0, 40) : printable;
    }
}
