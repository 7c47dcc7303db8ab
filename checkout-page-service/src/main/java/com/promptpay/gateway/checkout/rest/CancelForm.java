package com.promptpay.gateway.checkout.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The Cancel button's form, decoded here rather than by RESTEasy: its form parser throws on a broken percent-escape in
 * the last field ({@code csrf=%zz}) inside Vert.x's end-of-body handler, outside every exception mapper, and the
 * request never got an answer (found by the e2e FuzzIT). A broken escape anywhere is the client's fault: 400.
 */
@Schema(description = "The hosted page's Cancel form")
public record CancelForm(
        @Schema(description = "The page's CSRF token (double submit with the pp_csrf cookie)") String csrf,
        @Schema(description = "The page's language, th or en") String lang) {

    static CancelForm parse(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body == null || body.isEmpty() ? new String[0] : body.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "body");
            fields.putIfAbsent(name, equals < 0 ? "" : decode(pair.substring(equals + 1), name)); // the first wins, as @FormParam
        }
        return new CancelForm(fields.get("csrf"), fields.get("lang"));
    }

    private static String decode(String encoded, String field) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException brokenEscape) {
            throw new Undecodable(field);
        }
    }

    /** A field (or, when its name is broken, the body) that is not percent-encoding: answered 400, naming it. */
    static final class Undecodable extends BadRequestException {
        private final String field;

        Undecodable(String field) {
            super("holds a broken percent-escape");
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
