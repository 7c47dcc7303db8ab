package com.promptpay.gateway.stripeemulator.service;

import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe's {@code Idempotency-Key}: the first request's result is saved and replayed for a retry with
 * the same parameters; other parameters (or another endpoint) under the same key are an
 * {@code idempotency_error}; a retry while the first is still running gets a 409. Like Stripe, a
 * request that fails is not saved, so it can be retried with the same key.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** One key's state: the request it was first used with, and its result once there is one. */
    private record Entry(String endpoint, Map<String, Object> params, ApiResult result) {
    }

    private final BoundedIndex<String, Entry> entries;

    public IdempotencyKeys(EmulatorConfig config) {
        this.entries = new BoundedIndex<>(config.retention());
    }

    /** Runs {@code request} once per key; {@code endpoint} is e.g. {@code POST /v1/payment_intents}. */
    public ApiResult execute(String key, String endpoint, Map<String, Object> params, Supplier<ApiResult> request) {
        if (key == null || key.isBlank()) {
            return request.get();
        }
        Entry claim = new Entry(endpoint, params, null);
        Entry existing = entries.putIfAbsent(key, claim);
        if (existing != claim) {
            return replay(key, existing, endpoint, params);
        }
        try {
            ApiResult result = request.get();
            entries.replace(key, new Entry(endpoint, params, result));
            return result;
        } catch (RuntimeException e) {
            entries.remove(key);
            throw e;
        }
    }

    private static ApiResult replay(String key, Entry existing, String endpoint, Map<String, Object> params) {
        if (!existing.endpoint().equals(endpoint)) {
            throw new StripeApiException(400, StripeApiException.IDEMPOTENCY, null,
                    "Keys for idempotent requests can only be used for the same endpoint they were first used for ('"
                            + existing.endpoint() + "' vs '" + endpoint + "'). Try using a key other than '" + key
                            + "' if you meant to execute a different request.", null);
        }
        if (!existing.params().equals(params)) {
            throw new StripeApiException(400, StripeApiException.IDEMPOTENCY, null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                            + "Try using a key other than '" + key + "' if you meant to execute a different request.",
                    null);
        }
        if (existing.result() == null) {
            throw new StripeApiException(409, StripeApiException.IDEMPOTENCY, "idempotency_key_in_use",
                    "There is currently another in-progress request using this Idempotent Key (that probably means "
                            + "you submitted twice, and the other request is still going through): " + key
                            + ". Please try again later.", null);
        }
        return existing.result().asReplay();
    }
}
