package com.promptpay.gateway.stripeemulator.api;

import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import com.promptpay.gateway.stripeemulator.error.StripeErrorResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Stripe checks the secret key before anything else, even before it knows the URL, so this runs
 * before routing for everything under {@code /v1}. The test page and {@code /_emulator} stay open:
 * a phone scanning the QR has no key.
 */
public class ApiKeyFilter {

    private static final String MISSING_KEY = "You did not provide an API key. You need to provide your API key in "
            + "the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
            + "https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

    private final byte[] apiKey;

    public ApiKeyFilter(EmulatorConfig config) {
        this.apiKey = config.apiKey().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireSecretKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.equals("/v1") && !path.startsWith("/v1/")) {
            return Optional.empty();
        }
        Optional<String> presented = presentedKey(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (presented.isEmpty()) {
            return Optional.of(StripeErrorResponses.of(StripeApiException.authentication(MISSING_KEY)));
        }
        byte[] candidate = presented.get().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(candidate, apiKey)) {
            return Optional.of(StripeErrorResponses.of(StripeApiException.authentication(
                    "Invalid API Key provided: " + masked(presented.get()))));
        }
        return Optional.empty();
    }

    /** Bearer, as stripe-java sends it, or Basic with the key as user name, as curl -u does. */
    static Optional<String> presentedKey(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return Optional.of(credentials).filter(c -> !c.isEmpty());
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon)).filter(c -> !c.isEmpty());
            } catch (IllegalArgumentException notBase64) {
                return Optional.of(credentials);
            }
        }
        return Optional.of(value);
    }

    /** Stripe shows the key's prefix ({@code sk_test_}) and last four characters, nothing between. */
    static String masked(String key) {
        int visible = Math.max(0, Math.min(4, key.length() - 4));
        int secondUnderscore = key.indexOf('_', key.indexOf('_') + 1);
        int prefixEnd = Math.min(secondUnderscore + 1, key.length() - visible);
        return key.substring(0, prefixEnd) + "*".repeat(key.length() - prefixEnd - visible)
                + key.substring(key.length() - visible);
    }
}
