package com.promptpay.gateway.checkout.rest;

import java.util.Set;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * On every response: a CSP that allows only this service's own script and stylesheet (no inline script,
 * no third party), no framing, and no Referer, so the payment id in the URL never reaches another site.
 */
public class SecurityHeaders {

    public static final String CSP = "Content-Security-Policy";

    private static final String BASE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /**
     * The policy of a page whose form may end at the merchant: form-action also covers the redirect that
     * follows a submission, so the merchant's origins (from its callback and cancel URLs) are allowed there.
     */
    public static String csp(Set<String> formTargets) {
        return formTargets.isEmpty() ? BASE_POLICY : BASE_POLICY + " " + String.join(" ", formTargets);
    }

    @ServerResponseFilter
    public void addHeaders(ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (!headers.containsKey(CSP)) {
            headers.putSingle(CSP, BASE_POLICY);
        }
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Cross-Origin-Opener-Policy", "same-origin");
        headers.putSingle("Cross-Origin-Resource-Policy", "same-origin");
        headers.putSingle("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }
}
