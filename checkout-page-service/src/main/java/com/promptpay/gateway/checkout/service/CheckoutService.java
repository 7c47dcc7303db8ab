package com.promptpay.gateway.checkout.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.checkout.client.IntentConflict;
import com.promptpay.gateway.checkout.client.IntentDetails;
import com.promptpay.gateway.checkout.client.IntentServiceClient;
import com.promptpay.gateway.checkout.client.ReturnView;

import io.smallrye.mutiny.Uni;

/**
 * What the page asks of intent-service. The page never builds a merchant URL: intent-service, which
 * holds the merchant's redirect secret, builds and signs it, and the page only follows it.
 */
@ApplicationScoped
public class CheckoutService {

    private final IntentServiceClient intents;

    public CheckoutService(IntentServiceClient intents) {
        this.intents = intents;
    }

    public Uni<IntentDetails> details(String intentId) {
        return intents.details(intentId);
    }

    /** The signed way back, read afresh: null {@code redirectUrl} while the intent is still open. */
    public Uni<ReturnView> returnTo(String intentId) {
        return intents.returnTo(intentId);
    }

    /**
     * Cancels, answering the signed cancel redirect. If the payment succeeded (or expired) meanwhile,
     * intent-service refuses with 409 and the way back is whatever it is now: the success redirect.
     */
    public Uni<ReturnView> cancel(String intentId) {
        return intents.cancel(intentId)
                .onFailure(IntentConflict.class).recoverWithUni(() -> intents.returnTo(intentId));
    }
}
