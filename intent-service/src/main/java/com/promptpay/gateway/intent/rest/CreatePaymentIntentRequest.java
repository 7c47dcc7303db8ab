package com.promptpay.gateway.intent.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.rest.problem.Problem.FieldError;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

/** The body of {@code POST /payments/intents}, exactly as the Thai seed writes it, validated field by field. */
public record CreatePaymentIntentRequest(long amount, String email, String description, String callbackUrl,
        String cancelUrl, Map<String, String> metadata) {

    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_METADATA_KEYS = 50;
    static final int MAX_METADATA_KEY = 40;
    static final int MAX_METADATA_VALUE = 500;
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    /** Every problem with the body at once, so a merchant fixes them in one round. */
    public static CreatePaymentIntentRequest parse(JsonNode body, Merchant merchant, long minAmount, long maxAmount) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        long amount = amount(body.get("amount"), minAmount, maxAmount, errors);
        String email = requiredString(body, "email", 254, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "must be an email address"));
        }
        String description = optionalString(body, "description", MAX_DESCRIPTION, errors);
        String callbackUrl = redirectUrl(body, "callbackUrl", merchant.defaultCallbackUrl(), merchant, errors);
        String cancelUrl = redirectUrl(body, "cancelUrl", merchant.defaultCancelUrl(), merchant, errors);
        Map<String, String> metadata = metadata(body.get("metadata"), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new CreatePaymentIntentRequest(amount, email, description, callbackUrl, cancelUrl, metadata);
    }

    /** Same request, same hash: what an Idempotency-Key replay is compared on. */
    public String fingerprint() {
        String canonical = amount + "\n" + email + "\n" + description + "\n" + callbackUrl + "\n" + cancelUrl + "\n"
                + new TreeMap<>(metadata);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long amount(JsonNode node, long min, long max, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("amount", "is required (an integer number of satang)"));
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            errors.add(new FieldError("amount", "must be an integer number of satang, e.g. 10000 for ฿100.00"));
            return 0;
        }
        long amount = node.longValue();
        if (amount < min) {
            errors.add(new FieldError("amount", "must be at least " + min + " satang (" + baht(min) + ")"));
        } else if (amount > max) {
            errors.add(new FieldError("amount", "must be at most " + max + " satang (" + baht(max) + ")"));
        }
        return amount;
    }

    static String baht(long satang) {
        return String.format("฿%,d.%02d", satang / 100, satang % 100);
    }

    private static String requiredString(JsonNode body, String field, int maxLength, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank())) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return string(node, field, maxLength, errors);
    }

    private static String optionalString(JsonNode body, String field, int maxLength, List<FieldError> errors) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : string(node, field, maxLength, errors);
    }

    private static String string(JsonNode node, String field, int maxLength, List<FieldError> errors) {
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String value = node.textValue();
        if (value.codePointCount(0, value.length()) > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        Optional<String> unstorable = StoredText.problem(value);
        if (unstorable.isPresent()) {
            errors.add(new FieldError(field, unstorable.get()));
            return null;
        }
        return value;
    }

    private static String redirectUrl(JsonNode body, String field, String merchantDefault, Merchant merchant,
            List<FieldError> errors) {
        JsonNode node = body.get(field);
        if ((node == null || node.isNull()) && merchantDefault != null) {
            return merchantDefault;
        }
        String url = requiredString(body, field, 2048, errors);
        if (url == null) {
            return null;
        }
        RedirectUrlRule.check(url, merchant).ifPresent(reason -> errors.add(new FieldError(field, reason)));
        return url;
    }

    private static Map<String, String> metadata(JsonNode node, List<FieldError> errors) {
        Map<String, String> metadata = new TreeMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("metadata", "must be an object of string values"));
            return metadata;
        }
        if (node.size() > MAX_METADATA_KEYS) {
            errors.add(new FieldError("metadata", "must have at most " + MAX_METADATA_KEYS + " keys"));
            return metadata;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            String field = "metadata." + (key.length() > MAX_METADATA_KEY ? key.substring(0, MAX_METADATA_KEY) + "…" : key);
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY) {
                errors.add(new FieldError(field, "keys must be 1 to " + MAX_METADATA_KEY + " characters"));
            } else if (StoredText.problem(key).isPresent()) {
                errors.add(new FieldError(field, "key " + StoredText.problem(key).get()));
            } else if (!entry.getValue().isTextual()) {
                errors.add(new FieldError(field, "must be a string"));
            } else if (entry.getValue().textValue().length() > MAX_METADATA_VALUE) {
                errors.add(new FieldError(field, "must be at most " + MAX_METADATA_VALUE + " characters"));
            } else if (StoredText.problem(entry.getValue().textValue()).isPresent()) {
                errors.add(new FieldError(field, StoredText.problem(entry.getValue().textValue()).get()));
            } else {
                metadata.put(key, entry.getValue().textValue());
            }
        }
        return metadata;
    }
}
