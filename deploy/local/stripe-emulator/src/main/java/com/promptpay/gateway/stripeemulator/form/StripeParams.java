package com.promptpay.gateway.stripeemulator.form;

import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validating reads over a parsed form tree. Every failure becomes the Stripe error for that
 * parameter, named with Stripe's bracket path ({@code payment_method_data[billing_details][email]}).
 */
public final class StripeParams {

    private final String path;
    private final Map<String, Object> values;

    private StripeParams(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    public static StripeParams of(Map<String, Object> values) {
        return new StripeParams("", values);
    }

    public String nameOf(String key) {
        return path.isEmpty() ? key : path + "[" + key + "]";
    }

    /** Stripe rejects parameters it does not know instead of silently ignoring a typo. */
    public StripeParams rejectUnknown(Set<String> known) {
        values.keySet().stream()
                .filter(key -> !known.contains(key))
                .findFirst()
                .ifPresent(key -> {
                    throw StripeApiException.parameterUnknown(nameOf(key));
                });
        return this;
    }

    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid string: " + nameOf(key) + " must be a string, not a hash or array.", nameOf(key));
        }
        return Optional.of(text);
    }

    /** Stripe treats an empty value as "not provided" for required parameters. */
    public String requiredString(String key) {
        return string(key).filter(s -> !s.isEmpty())
                .orElseThrow(() -> StripeApiException.parameterMissing(nameOf(key)));
    }

    public long requiredLong(String key) {
        String text = requiredString(key);
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw StripeApiException.invalidInteger(nameOf(key), text);
        }
    }

    public Optional<Boolean> bool(String key) {
        return string(key).filter(s -> !s.isEmpty()).map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw StripeApiException.invalidRequest("parameter_invalid_boolean",
                    "Invalid boolean: " + text, nameOf(key));
        });
    }

    /** A nested hash; an empty string clears a hash in Stripe, so it reads as absent here. */
    public Optional<StripeParams> hash(String key) {
        Object value = values.get(key);
        if (value == null || "".equals(value)) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid hash: " + nameOf(key) + " must be a hash (" + nameOf(key) + "[key]=value).", nameOf(key));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) map;
        return Optional.of(new StripeParams(nameOf(key), nested));
    }

    public Optional<List<String>> stringList(String key) {
        Object value = values.get(key);
        if (value == null || "".equals(value)) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid array: " + nameOf(key) + " must be an array of strings (" + nameOf(key) + "[0]=value).",
                    nameOf(key));
        }
        return Optional.of(list.stream().map(String.class::cast).toList());
    }

    /** A string-to-string hash such as {@code metadata}. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> result = new LinkedHashMap<>();
        hash(key).ifPresent(nested -> nested.values.keySet()
                .forEach(entry -> result.put(entry, nested.string(entry).orElse(""))));
        return result;
    }
}
