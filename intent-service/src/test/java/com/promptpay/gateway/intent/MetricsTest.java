package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What a platform team watches is measured by the work itself, not declared. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class MetricsTest {

    @Test
    void creatingAnIntentIsCountedTimedAndItsPublishLagMeasured() {
        var merchant = IntentTesting.newMerchant("Metrics Shop");
        String merchantId = merchant.getString("id");
        IntentTesting.createIntent(merchant.getString("apiKey"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(matchesRegex("(?s).*gateway_intents_created_total\\{merchant=\"" + merchantId + "\"\\} 1\\.0.*"))
                .body(matchesRegex("(?s).*gateway_intents_create_seconds_count\\{merchant=\"" + merchantId + "\"\\} 1.*"))
                .body(matchesRegex("(?s).*gateway_stripe_calls_seconds_count\\{operation=\"create\",outcome=\"ok\"\\} [1-9].*"))
                .body(matchesRegex("(?s).*gateway_outbox_publish_lag_seconds_count [1-9].*"))
                .body(containsString("gateway_outbox_backlog")));
    }
}
