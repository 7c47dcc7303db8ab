package com.promptpay.gateway.checkout.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.promptpay.gateway.checkout.Lang;

import io.smallrye.mutiny.Uni;

/**
 * Whatever goes wrong, the shopper sees a page in their language and an API client sees problem+json;
 * nobody sees a stack trace or a 500 (an unexpected failure reads as "briefly unavailable", 503).
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);
    private static final String URL_DECODER = "org.jboss.resteasy.reactive.common.util.URLUtils";
    private static final List<String> JSON_ENDPOINTS = List.of("/status", "/events", "/qr.png");

    private final HtmlPages pages;

    public ErrorPages(HtmlPages pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Uni<Response> notFound(NotFoundException e, UriInfo uri, HttpHeaders headers) {
        if (wantsJson(uri, headers)) {
            return Uni.createFrom().item(Problems.notFound("No such resource."));
        }
        return pages.notFound(language(uri, headers), "/payment");
    }

    @ServerExceptionMapper
    public Uni<Response> notAllowed(NotAllowedException e, UriInfo uri, HttpHeaders headers) {
        if (wantsJson(uri, headers)) {
            return Uni.createFrom().item(Problems.of(405, "Method not allowed", "This path does not take that method."));
        }
        return pages.notFound(language(uri, headers), "/payment").map(page -> Response.fromResponse(page).status(405).build());
    }

    @ServerExceptionMapper
    public Uni<Response> unsupported(NotSupportedException e, UriInfo uri, HttpHeaders headers) {
        if (wantsJson(uri, headers)) {
            return Uni.createFrom().item(Problems.of(415, "Unsupported media type", "Send a form (application/x-www-form-urlencoded)."));
        }
        return pages.formRefused(language(uri, headers), pagePath(uri), 415);
    }

    @ServerExceptionMapper
    public Uni<Response> web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        if (wantsJson(uri, headers)) {
            Response.Status known = Response.Status.fromStatusCode(status);
            return Uni.createFrom().item(Problems.of(status, known == null ? "Error" : known.getReasonPhrase(),
                    "The request could not be served."));
        }
        return pages.formRefused(language(uri, headers), pagePath(uri), status);
    }

    @ServerExceptionMapper
    public Uni<Response> undecodableForm(CancelForm.Undecodable e, UriInfo uri, HttpHeaders headers) {
        if (wantsJson(uri, headers)) {
            return Uni.createFrom().item(Problems.badField(e.field(), e.getMessage()));
        }
        return pages.formRefused(language(uri, headers), pagePath(uri), 400);
    }

    /**
     * A query parameter with a broken percent-escape ({@code ?lang=%zz}) fails while RESTEasy decodes it, before any
     * resource runs: no browser sends one, so it is a bad request, not a failure of ours. Any other
     * IllegalArgumentException is. (The cancel form decodes itself: {@link CancelForm}.)
     */
    @ServerExceptionMapper
    public Uni<Response> undecodable(IllegalArgumentException e, UriInfo uri, HttpHeaders headers) {
        boolean decoding = Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(URL_DECODER));
        return decoding ? web(new BadRequestException(), uri, headers) : unexpected(e, uri, headers);
    }

    @ServerExceptionMapper
    public Uni<Response> unexpected(Exception e, UriInfo uri, HttpHeaders headers) {
        LOG.error("unexpected failure serving " + uri.getPath(), e);
        if (wantsJson(uri, headers)) {
            return Uni.createFrom().item(Problems.unavailable("Something went wrong on our side; try again in a few seconds."));
        }
        String path = pagePath(uri);
        return pages.unavailable(language(uri, headers), path, path);
    }

    private static boolean wantsJson(UriInfo uri, HttpHeaders headers) {
        String path = uri.getPath();
        if (JSON_ENDPOINTS.stream().anyMatch(path::endsWith)) {
            return true;
        }
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("json")
                && !accept.toLowerCase(Locale.ROOT).contains("html");
    }

    private static Lang language(UriInfo uri, HttpHeaders headers) {
        return Lang.negotiate(uri.getQueryParameters().getFirst("lang"), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /** The page a failed request belongs to: {@code /payment/pi_…} when the path names a valid intent. */
    private static String pagePath(UriInfo uri) {
        String[] segments = uri.getPath().split("/");
        if (segments.length >= 3 && "payment".equals(segments[1])
                && com.promptpay.gateway.events.PrefixedIds.isValid("pi", segments[2])) {
            return "/payment/" + segments[2];
        }
        return "/payment";
    }
}
