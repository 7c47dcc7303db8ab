package com.promptpay.gateway.checkout.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.promptpay.gateway.checkout.config.CheckoutConfig;

import io.smallrye.mutiny.Uni;

/**
 * intent-service, guarded: each call times out, is retried twice on failure, and a circuit opens when half
 * of the last 20 failed, so a slow or dead intent-service costs the page milliseconds, not threads.
 * A 404 or 409 is an answer, not a failure: never retried, never counted by the circuit.
 */
@ApplicationScoped
public class IntentServiceClient {

    private final IntentServiceApi api;
    private final String authorization;

    public IntentServiceClient(@RestClient IntentServiceApi api, CheckoutConfig config) {
        this.api = api;
        this.authorization = "Bearer " + config.serviceToken();
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50,
            abortOn = { IntentNotFound.class, IntentConflict.class, CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = { IntentNotFound.class, IntentConflict.class })
    public Uni<IntentDetails> details(String id) {
        return api.details(authorization, id);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50,
            abortOn = { IntentNotFound.class, IntentConflict.class, CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = { IntentNotFound.class, IntentConflict.class })
    public Uni<ReturnView> returnTo(String id) {
        return api.returnTo(authorization, id);
    }

    /** Canceling twice answers the same (intent-service makes it idempotent), so a retry is safe. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            abortOn = { IntentNotFound.class, IntentConflict.class, CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = { IntentNotFound.class, IntentConflict.class })
    public Uni<ReturnView> cancel(String id) {
        return api.cancel(authorization, id);
    }
}
