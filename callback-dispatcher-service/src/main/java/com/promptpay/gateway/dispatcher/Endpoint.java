package com.promptpay.gateway.dispatcher;

import java.time.Instant;
import java.util.List;

/**
 * A merchant's webhook endpoint: the URL, format and secrets the merchants topic last announced, with a
 * stable id, and whether it is enabled. One per merchant today (the merchant configuration has one URL).
 */
public record Endpoint(
        String id,
        String merchantId,
        String url,
        WebhookFormat format,
        List<String> secretsSealed,
        String appSecretSealed,
        List<String> eventTypes,
        boolean enabled,
        DisabledReason disabledReason,
        Instant disabledAt,
        Instant failingSince,
        Instant createdAt,
        Instant updatedAt) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }

    public boolean subscribedTo(String eventType) {
        return eventTypes.contains(eventType);
    }

    /**
     * Whether a new configuration turns the endpoint back on. A merchant who changes the URL or format has
     * fixed something; the same URL again leaves an endpoint disabled for its behaviour (410, failing)
     * disabled until the merchant recovers it.
     */
    public boolean enabledAfter(String newUrl, WebhookFormat newFormat) {
        if (newUrl == null || newUrl.isBlank()) {
            return false;
        }
        if (enabled) {
            return true;
        }
        if (!newUrl.equals(url) || newFormat != format) {
            return true;
        }
        return disabledReason == null || !disabledReason.causedByEndpoint();
    }
}
