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

    @Test
    void anOverdueIntentStripeDoesNotKnowExpiresHere() {
        String intent = IntentTesting.createIntent(IntentTesting.newMerchant("Forgotten Shop").getString("apiKey"));
        IntentTesting.update("UPDATE payment_intent SET stripe_payment_intent_id = 'pi_unknown_' || id, "
                + "expires_at = now() - interval '1 second' WHERE id = '" + intent + "'");

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "expired".equals(given().get("/payments/" + intent).path("status")));
    }
}
