package com.promptpay.gateway.dispatcher.repository;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Collections;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The plan PostgreSQL runs for a batch of successes once the delivery table has grown from empty, read on a
 * connection of the service's own pool so that the service's connection settings apply.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "dispatcher"))
class QueryPlanTest {

    private static final String ONE_SUCCESS = "('{atmpt_plan}', '{dlv_19999}', ARRAY[now()], '{200}', '{12}', "
            + "'{ok}', '{127.0.0.1}', '{ep_plan}')";

    @Inject
    Pool pool;

    @Test
    void aSuccessFindsItsDeliveryByKeyAfterTheTableGrewFromEmpty() {
        String plan = pool.withConnection(connection -> run(connection,
                // Temporary tables shadow the service's own on this connection only. They start empty and are
                // never analyzed (autovacuum skips them), as a new database is until its first ANALYZE.
                "CREATE TEMP TABLE delivery (LIKE public.delivery INCLUDING ALL)",
                "CREATE TEMP TABLE attempt (LIKE public.attempt INCLUDING ALL)",
                "CREATE TEMP TABLE endpoint (LIKE public.endpoint INCLUDING ALL)",
                "PREPARE record_successes AS " + DeliveryRepository.RECORD_SUCCESSES)
                // After five executions PostgreSQL may settle on a generic plan for good.
                .chain(() -> run(connection, Collections.nCopies(7, "EXECUTE record_successes" + ONE_SUCCESS)
                        .toArray(String[]::new)))
                .chain(() -> run(connection, "INSERT INTO delivery (id, message_id, event_id, endpoint_id, merchant_id, "
                        + "event_type, event_occurred_at, status, created_at) SELECT 'dlv_' || i, 'msg_' || i, 'evt_' || i, "
                        + "'ep_plan', 'mch_plan', 'payment_intent.succeeded', now(), 'succeeded', now() "
                        + "FROM generate_series(1, 20000) AS i"))
                .chain(() -> connection.query("EXPLAIN EXECUTE record_successes" + ONE_SUCCESS).execute())
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString(0))
                        .collect(Collectors.joining("\n")))
                .eventually(() -> run(connection, "DEALLOCATE record_successes",
                        "DROP TABLE pg_temp.delivery, pg_temp.attempt, pg_temp.endpoint")))
                .await().atMost(Duration.ofSeconds(60));

        assertThat(plan, containsString("Index Scan using delivery_pkey on delivery d"));
        assertThat(plan, not(containsString("Seq Scan on delivery")));
    }

    private static Uni<Void> run(SqlConnection connection, String... statements) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String statement : statements) {
            all = all.chain(() -> connection.query(statement).execute().replaceWithVoid());
        }
        return all;
    }
}
