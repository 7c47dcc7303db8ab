package com.promptpay.gateway.entryproxy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which service answers a public path: the same table as the Kubernetes Ingress (DESIGN.md). A prefix
 * matches whole segments, so {@code /payment/pi_1} is the checkout page and {@code /payments} the API.
 */
final class Routes {

    private static final Map<String, Upstream> PREFIXES = Map.of(
            "/payments", Upstream.INTENT,
            "/pay", Upstream.INTENT,
            "/payment-links", Upstream.INTENT,
            "/admin", Upstream.INTENT,
            "/payment", Upstream.CHECKOUT,
            "/webhooks/stripe", Upstream.INGEST,
            "/webhook-endpoints", Upstream.DISPATCHER,
            "/webhook-deliveries", Upstream.DISPATCHER);

    /** Dot segments, empty segments and encoded separators could reach a path the table never routed. */
    private static final List<String> AMBIGUOUS = List.of("/./", "/../", "//", "%2e", "%2f", "%5c", "\\");

    private Routes() {
    }

    static Optional<Upstream> route(String path) {
        if (path == null || !path.startsWith("/") || isAmbiguous(path)) {
            return Optional.empty();
        }
        return PREFIXES.entrySet().stream()
                .filter(entry -> path.equals(entry.getKey()) || path.startsWith(entry.getKey() + "/"))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    static boolean isAmbiguous(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return AMBIGUOUS.stream().anyMatch(lower::contains) || lower.endsWith("/..") || lower.endsWith("/.");
    }
}
