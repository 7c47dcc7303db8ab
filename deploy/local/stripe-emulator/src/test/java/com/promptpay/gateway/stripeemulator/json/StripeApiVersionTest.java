package com.promptpay.gateway.stripeemulator.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stripe.Stripe;
import org.junit.jupiter.api.Test;

class StripeApiVersionTest {

    /** Bumping stripe-java without this constant would make every event's data object unreadable. */
    @Test
    void eventsAreStampedWithTheVersionOfTheStripeJavaInUse() {
        assertEquals(Stripe.API_VERSION, StripeApiVersion.CURRENT);
    }
}
