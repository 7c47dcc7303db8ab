package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Open intents Stripe does not know (a reset test mode, another account) once blocked the sweeps: the reconciler took
 * the oldest 50 open intents and stamped only those it checked successfully, so a paid intent behind them was never
 * found, and expiry failed on them every sweep. Found by the e2e FaultsIT after the emulator had restarted.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class StuckIntentsTest {

    /** More than one reconciliation batch (50). */
    private static final int UNKNOWN_AT_STRIPE = 60;
    /** Sixty batches' worth. */
    private static final int ABANDONED_BURST = 3000;

    @Test
    void intentsStripeDoesNotKnowDoNotHoldBackReconciliationOfAPaidOne() {
        String key = IntentTesting.newMerchant("Stuck Shop").getString("apiKey");
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < UNKNOWN_AT_STRIPE; i++) {
            unknown.add(IntentTesting.createIntent(key));
        }
        String inList = "('" + String.join("','", unknown) + "')";
        IntentTesting.update("UPDATE payment_intent SET stripe_payment_intent_id = 'pi_unknown_' || id, "
                + "created_at = now() - interval '1 hour' WHERE id IN " + inList);
        try {
            String paid = IntentTesting.createIntent(key);
            StripeEmulatorResource.emulator().authorize(IntentTesting.stripeIdOf(paid));

            // Webhooks go nowhere in these tests: only the reconciler can find this success.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "succeeded".equals(given().get("/payments/" + paid).path("status")));
        } finally {
            IntentTesting.update("UPDATE payment_intent SET status = 'canceled' WHERE id IN " + inList);
        }
    }

    /**
     * After a burst of abandoned checkouts thousands of open intents are overdue at once. A shopper who just paid, and
     * whose webhook was lost, must not wait until the reconciler has asked Stripe about every one of them: at 50 a
     * sweep this backlog alone would take a minute here and over ten in production.
     */
    @Test
    void aFreshPaidIntentIsFoundPromptlyBehindABacklogOfAbandonedOnes() {
        String key = IntentTesting.newMerchant("Busy Shop").getString("apiKey");
        String backlog = abandonedBurst(key);
        try {
            String paid = IntentTesting.createIntent(key);
            StripeEmulatorResource.emulator().authorize(IntentTesting.stripeIdOf(paid));

            awaitSucceeded(paid);
        } finally {
            IntentTesting.update("UPDATE payment_intent SET status = 'canceled' WHERE id LIKE '" + backlog + "%'");
        }
    }

    /** Paid after its first check: its next check must not wait behind every intent never checked. */
    @Test
    void anIntentPaidAfterItsFirstCheckIsCheckedAgainDespiteABacklog() {
        String key = IntentTesting.newMerchant("Slow Shopper Shop").getString("apiKey");
        String paid = IntentTesting.createIntent(key);
        IntentTesting.update("UPDATE payment_intent SET created_at = now() - interval '1 hour', "
                + "reconciled_at = now() - interval '30 minutes' WHERE id = '" + paid + "'");
        String backlog = abandonedBurst(key);
        try {
            StripeEmulatorResource.emulator().authorize(IntentTesting.stripeIdOf(paid));

            awaitSucceeded(paid);
        } finally {
            IntentTesting.update("UPDATE payment_intent SET status = 'canceled' WHERE id LIKE '" + backlog + "%'");
        }
    }

    /** Overdue intents never checked, copies of a real one but unknown at Stripe; returns their ids' prefix. */
    private static String abandonedBurst(String key) {
        String template = IntentTesting.createIntent(key);
        String backlog = "pi_backlog" + System.nanoTime() + "x";
        IntentTesting.update("INSERT INTO payment_intent (id, merchant_id, status, amount, currency, email, callback_url, "
                + "cancel_url, stripe_payment_intent_id, expires_at, created_at, updated_at) "
                + "SELECT '" + backlog + "' || n, merchant_id, status, amount, currency, email, callback_url, cancel_url, "
                + "'pi_unknown_" + backlog + "' || n, now() + interval '1 hour', "
                + "now() - interval '10 minutes' + n * interval '1 millisecond', now() "
                + "FROM payment_intent, generate_series(1, " + ABANDONED_BURST + ") AS n WHERE id = '" + template + "'");
        return backlog;
    }

    private static void awaitSucceeded(String intentId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> "succeeded".equals(given().get("/payments/" + intentId).path("status")));
    }

    @Test
    void anOverdueIntentStripeDoesNotKnowExpiresHere() {
        String intent = IntentTesting.createIntent(IntentTesting.newMerchant("Forgotten Shop").getString("apiKey"));
        IntentTesting.update("UPDATE payment_intent SET stripe_payment_intent_id = 'pi_unknown_' || id, "
                + "expires_at = now() - interval '1 second' WHERE id = '" + intent + "'");

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "expired".equals(given().get("/payments/" + intent).path("status")));
    }
}
