package com.promptpay.gateway.intent;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A merchant: who may create intents with its keys, where the shopper may be sent back to, and where and
 * how its server is told. Secrets are held sealed (see SecretBox); they are shown once, at creation.
 */
public record Merchant(
        String id,
        String name,
        List<String> allowedOrigins,
        String defaultCallbackUrl,
        String defaultCancelUrl,
        String webhookUrl,
        WebhookFormat webhookFormat,
        String webhookSecretSealed,
        String appSecretSealed,
        String redirectSecretSealed,
        String linkSecretSealed,
        Instant createdAt,
        Instant updatedAt) {

    public enum WebhookFormat {
        STANDARD, DROMON;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static WebhookFormat fromWireName(String wireName) {
            return valueOf(wireName.toUpperCase(Locale.ROOT));
        }
    }

    /** Exact scheme, host and port, as browsers compare origins. */
    public boolean allowsRedirectTo(URI url) {
        return allowedOrigins.contains(originOf(url));
    }

    public static String originOf(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    public Merchant withSettings(String newName, List<String> newOrigins, String newCallback, String newCancel,
            String newWebhookUrl, WebhookFormat newFormat, String newWebhookSecret, String newAppSecret, Instant at) {
        return new Merchant(id, newName, newOrigins, newCallback, newCancel, newWebhookUrl, newFormat, newWebhookSecret,
                newAppSecret, redirectSecretSealed, linkSecretSealed, createdAt, at);
    }
}
