package com.promptpay.gateway.intent.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.promptpay.gateway.intent.rest.problem.Problem.FieldError;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

/**
 * The parameters of {@code /pay/{merchantId}?uid=…&text=…&sum=…&sign=…} (optional {@code email},
 * {@code callbackUrl}, {@code cancelUrl}, {@code expires} as unix seconds), checked for shape only; the
 * signature and the business rules are the service's.
 */
public record PaymentLink(String uid, String text, long sum, Optional<String> email, Optional<String> callbackUrl,
        Optional<String> cancelUrl, Optional<Instant> expires, String sign, Map<String, String> signedParameters) {

    public static final Set<String> SIGNED = Set.of("uid", "text", "sum", "email", "callbackUrl", "cancelUrl", "expires");

    public static PaymentLink parse(Map<String, List<String>> query) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> signed = new TreeMap<>();
        query.forEach((name, values) -> {
            if (!SIGNED.contains(name) && !"sign".equals(name)) {
                errors.add(new FieldError(name, "is not a payment-link parameter"));
            } else if (values.size() != 1) {
                errors.add(new FieldError(name, "must appear once"));
            } else if (values.get(0).indexOf('\n') >= 0 || values.get(0).indexOf('\r') >= 0) {
                errors.add(new FieldError(name, "must not contain a line break"));
            } else if (!"sign".equals(name)) {
                signed.put(name, values.get(0));
            }
        });
        String uid = required(signed, "uid", 64, errors);
        String text = required(signed, "text", 1000, errors);
        String sumText = required(signed, "sum", 12, errors);
        long sum = 0;
        if (sumText != null) {
            if (sumText.matches("[1-9][0-9]{0,11}")) {
                sum = Long.parseLong(sumText);
            } else {
                errors.add(new FieldError("sum", "must be a whole number of satang"));
            }
        }
        Optional<Instant> expires = Optional.empty();
        if (signed.containsKey("expires")) {
            if (signed.get("expires").matches("[0-9]{1,12}")) {
                expires = Optional.of(Instant.ofEpochSecond(Long.parseLong(signed.get("expires"))));
            } else {
                errors.add(new FieldError("expires", "must be a unix time in seconds"));
            }
        }
        List<String> sign = query.get("sign");
        if (sign == null || sign.isEmpty() || !sign.get(0).matches("[0-9a-fA-F]{64}")) {
            errors.add(new FieldError("sign", "must be the link's 64-character hex signature"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new PaymentLink(uid, text, sum, Optional.ofNullable(signed.get("email")),
                Optional.ofNullable(signed.get("callbackUrl")), Optional.ofNullable(signed.get("cancelUrl")), expires,
                sign.get(0), signed);
    }

    /** The API request body this link stands for, so links pass the very same validation as the API. */
    ObjectNode asRequestBody(String defaultEmail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("amount", sum);
        body.put("email", email.orElse(defaultEmail));
        body.put("description", text);
        callbackUrl.ifPresent(url -> body.put("callbackUrl", url));
        cancelUrl.ifPresent(url -> body.put("cancelUrl", url));
        body.putObject("metadata").put("uid", uid);
        return body;
    }

    private static String required(Map<String, String> parameters, String name, int max, List<FieldError> errors) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        if (value.length() > max) {
            errors.add(new FieldError(name, "must be at most " + max + " characters"));
            return null;
        }
        return value;
    }
}
