package com.promptpay.gateway.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Every connection of the service's pool plans each statement afresh. With cached generic plans, the event path's
 * 100/s benchmark saw the outbox table scanned whole 1,382 times in one run; with fresh plans, 24 times (the
 * backlog gauge's count). The plan itself is PostgreSQL's; what this service controls is the setting.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class ConnectionSettingsTest {

    @Inject
    Pool pool;

    @Test
    void everyPooledConnectionPlansEachStatementForItsOwnParameters() {
        // Several connections held at once, so the answer is not one connection's.
        List<SqlConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(10));
                held.add(connection);
                String mode = connection.query("SHOW plan_cache_mode").execute()
                        .map(rows -> rows.iterator().next().getString(0)).await().atMost(Duration.ofSeconds(10));
                assertEquals("force_custom_plan", mode);
            }
        } finally {
            held.forEach(connection -> connection.close().await().atMost(Duration.ofSeconds(10)));
        }
    }
}
