package com.promptpay.gateway.intent.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.rest.problem.Problem.FieldError;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

/**
 * The admin API's merchant body: {@code {"name","allowedOrigins":[…],"webhook":{"url","format"},
 * "defaultCallbackUrl","defaultCancelUrl"}}. On PATCH, absent fields keep their current value.
 */
public record MerchantSettings(String name, List<String> allowedOrigins, String defaultCallbackUrl,
        String defaultCancelUrl, String webhookUrl, Merchant.WebhookFormat webhookFormat) {

    public static MerchantSettings parse(JsonNode body, Optional<Merchant> current) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String name = text(body, "name", 200, current.map(Merchant::name), errors);
        List<String> origins = origins(body.get("allowedOrigins"), current.map(Merchant::allowedOrigins), errors);
        JsonNode webhook = body.get("webhook");
        String webhookUrl = current.map(Merchant::webhookUrl).orElse(null);
        Merchant.WebhookFormat format = current.map(Merchant::webhookFormat).orElse(Merchant.WebhookFormat.STANDARD);
        if (webhook != null && !webhook.isNull()) {
            if (!webhook.isObject()) {
                errors.add(new FieldError("webhook", "must be an object {\"url\",\"format\"}"));
            } else {
                webhookUrl = webhookUrl(webhook.get("url"), webhookUrl, errors);
                format = format(webhook.get("format"), format, errors);
            }
        }
        String callback = text(body, "defaultCallbackUrl", 2048, current.map(Merchant::defaultCallbackUrl), errors);
        String cancel = text(body, "defaultCancelUrl", 2048, current.map(Merchant::defaultCancelUrl), errors);
        if (name == null && errors.stream().noneMatch(error -> error.field().equals("name"))) {
            errors.add(new FieldError("name", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Merchant probe = new Merchant("probe", name, origins, null, null, null, format, null, null, null, null, null, null);
        checkDefault("defaultCallbackUrl", callback, probe, errors);
        checkDefault("defaultCancelUrl", cancel, probe, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new MerchantSettings(name, origins, callback, cancel, webhookUrl, format);
    }

    private static String text(JsonNode body, String field, int max, Optional<String> current, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null) {
            return current.orElse(null);
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > max) {
            errors.add(new FieldError(field, "must be a non-empty string of at most " + max + " characters"));
            return null;
        }
        Optional<String> unstorable = StoredText.problem(node.textValue());
        if (unstorable.isPresent()) {
            errors.add(new FieldError(field, unstorable.get()));
            return null;
        }
        return node.textValue().strip();
    }

    private static List<String> origins(JsonNode node, Optional<List<String>> current, List<FieldError> errors) {
        if (node == null) {
            return current.orElse(List.of());
        }
        if (!node.isArray() || node.size() > 20) {
            errors.add(new FieldError("allowedOrigins", "must be an array of at most 20 origins"));
            return List.of();
        }
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode origin = node.get(i);
            Optional<String> normalized = origin.isTextual() ? origin(origin.textValue()) : Optional.empty();
            if (normalized.isEmpty()) {
                errors.add(new FieldError("allowedOrigins[" + i + "]",
                        "must be an origin like https://shop.example (https, or http for localhost; no path)"));
            } else {
                origins.add(normalized.get());
            }
        }
        return List.copyOf(origins);
    }

    private static Optional<String> origin(String value) {
        try {
            URI uri = new URI(value);
            boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath());
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || !pathless) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = List.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost().toLowerCase(Locale.ROOT));
            if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
                return Optional.empty();
            }
            return Optional.of(Merchant.originOf(uri));
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String webhookUrl(JsonNode node, String current, List<FieldError> errors) {
        if (node == null) {
            return current;
        }
        if (node.isNull()) {
            return null;
        }
        try {
            URI uri = node.isTextual() ? new URI(node.textValue()) : null;
            if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || node.textValue().length() > 2048
                    || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("webhook.url", "must be an absolute http(s) URL without user info"));
                return null;
            }
            return node.textValue();
        } catch (URISyntaxException e) {
            errors.add(new FieldError("webhook.url", "must be an absolute http(s) URL without user info"));
            return null;
        }
    }

    private static Merchant.WebhookFormat format(JsonNode node, Merchant.WebhookFormat current, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return current;
        }
        if (node.isTextual() && ("standard".equals(node.textValue()) || "dromon".equals(node.textValue()))) {
            return Merchant.WebhookFormat.fromWireName(node.textValue());
        }
        errors.add(new FieldError("webhook.format", "must be \"standard\" or \"dromon\""));
        return current;
    }

    private static void checkDefault(String field, String url, Merchant merchant, List<FieldError> errors) {
        if (url != null) {
            RedirectUrlRule.check(url, merchant).ifPresent(reason -> errors.add(new FieldError(field, reason)));
        }
    }
}
