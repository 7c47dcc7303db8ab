package com.promptpay.gateway.stripeemulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.promptpay.gateway.stripeemulator.error.StripeApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentIntentTest {

    private static final PromptPayPaymentMethod METHOD =
            new PromptPayPaymentMethod("pm_1", "payer@example.com", null, null, 1L);

    private static PaymentIntent awaitingShopper() {
        return new PaymentIntent("pi_1", "pi_1_secret_x", 10_000, "thb", "Order 1", Map.of("k", "v"), null,
                PaymentIntentStatus.REQUIRES_ACTION, METHOD, null, 1L, null, null, "http://localhost:12111");
    }

    @Test
    void authorizingReceivesTheAmount() {
        PaymentIntent succeeded = awaitingShopper().authorize();

        assertEquals(PaymentIntentStatus.SUCCEEDED, succeeded.status());
        assertEquals(10_000, succeeded.amountReceived());
        assertEquals(METHOD, succeeded.paymentMethod());
    }

    @Test
    void failingDetachesThePaymentMethodIntoTheError() {
        PaymentIntent failed = awaitingShopper().fail();

        assertEquals(PaymentIntentStatus.REQUIRES_PAYMENT_METHOD, failed.status());
        assertNull(failed.paymentMethod());
        assertEquals("payment_intent_payment_attempt_failed", failed.lastPaymentError().code());
        assertEquals(METHOD, failed.lastPaymentError().paymentMethod());
        assertEquals(0, failed.amountReceived());
    }

    @Test
    void confirmingAgainAfterAFailureClearsTheError() {
        PaymentIntent retried = awaitingShopper().fail().confirm(METHOD);

        assertEquals(PaymentIntentStatus.REQUIRES_ACTION, retried.status());
        assertNull(retried.lastPaymentError());
    }

    @Test
    void cancelingRecordsWhenAndWhy() {
        PaymentIntent canceled = awaitingShopper().cancel("abandoned", 42L);

        assertEquals(PaymentIntentStatus.CANCELED, canceled.status());
        assertEquals(42L, canceled.canceledAt());
        assertEquals("abandoned", canceled.cancellationReason());
    }

    @Test
    void finishedIntentsRefuseEveryTransition() {
        for (PaymentIntent finished : new PaymentIntent[] {awaitingShopper().authorize(),
                awaitingShopper().cancel(null, 2L)}) {
            assertUnexpectedState(() -> finished.cancel(null, 3L));
            assertUnexpectedState(finished::authorize);
            assertUnexpectedState(finished::fail);
            assertUnexpectedState(() -> finished.confirm(METHOD));
        }
    }

    @Test
    void onlyAnIntentAwaitingTheShopperCanBeAuthorizedOrFailed() {
        PaymentIntent withoutMethod = awaitingShopper().fail();

        assertUnexpectedState(withoutMethod::authorize);
        assertUnexpectedState(withoutMethod::fail);
    }

    @Test
    void cancelingASucceededIntentSaysWhichStatusesMayBeCanceled() {
        StripeApiException refused = assertThrows(StripeApiException.class,
                () -> awaitingShopper().authorize().cancel(null, 1L));

        assertEquals("You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent "
                + "with one of the following statuses may be canceled: requires_payment_method, requires_capture, "
                + "requires_confirmation, requires_action, processing.", refused.getMessage());
    }

    private static void assertUnexpectedState(Runnable transition) {
        StripeApiException refused = assertThrows(StripeApiException.class, transition::run);
        assertEquals(400, refused.status());
        assertEquals("payment_intent_unexpected_state", refused.code());
    }
}
