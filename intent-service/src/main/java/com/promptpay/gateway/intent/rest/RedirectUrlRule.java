package com.promptpay.gateway.intent.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.promptpay.gateway.intent.Merchant;

/**
 * Where a shopper may be sent back to: an absolute https URL (http only for localhost) with a host, no
 * user info and no fragment, on one of the merchant's allowed origins. Parsing with {@link URI} and
 * comparing the origin rules out {@code javascript:}, {@code //host} and {@code https://shop@evil} tricks.
 */
final class RedirectUrlRule {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private RedirectUrlRule() {
    }

    /** The reason this URL is refused, or empty when it is acceptable. */
    static Optional<String> check(String value, Merchant merchant) {
        if (value.length() > 2048) {
            return Optional.of("must be at most 2048 characters");
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute URL");
        }
        if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
            return Optional.of("must be an absolute URL with a host");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT));
        if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
            return Optional.of("must use https (http only for localhost)");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not contain user info");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("must not contain a fragment");
        }
        if (!merchant.allowsRedirectTo(url)) {
            return Optional.of("origin " + Merchant.originOf(url) + " is not one of the merchant's allowed origins");
        }
        return Optional.empty();
    }
}
