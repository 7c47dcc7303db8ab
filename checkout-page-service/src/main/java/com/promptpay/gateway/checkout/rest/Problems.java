package com.promptpay.gateway.checkout.rest;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details for the JSON endpoints (status, QR download, event stream). */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    }

    public record FieldError(String field, String message) {
    }

    private Problems() {
    }

    public static Response notFound(String detail) {
        return respond(new Problem("about:blank", "Not found", 404, detail, List.of()));
    }

    public static Response gone(String detail) {
        return respond(new Problem("about:blank", "Gone", 410, detail, List.of()));
    }

    public static Response unavailable(String detail) {
        return Response.fromResponse(respond(new Problem("about:blank", "Service unavailable", 503, detail, List.of())))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    /** 400 naming the field at fault, as the merchant API does. */
    public static Response badField(String field, String message) {
        return respond(new Problem("about:blank", "Bad Request", 400, "The request has an invalid field.",
                List.of(new FieldError(field, message))));
    }

    public static Response of(int status, String title, String detail) {
        return respond(new Problem("about:blank", title, status, detail, List.of()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
