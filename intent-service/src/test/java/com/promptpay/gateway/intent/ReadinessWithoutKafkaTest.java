package com.promptpay.gateway.intent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.testsupport.KafkaBrokerResource;
import com.promptpay.gateway.testsupport.PostgresDatabaseResource;
import com.promptpay.gateway.testsupport.StripeEmulatorResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * With no broker to talk to, the service is unready (it cannot apply payments or publish their events) but alive: an
 * orchestrator must take it out of rotation, not restart it. Both probes answer within a probe's timeout (3 s in
 * deploy/k8s). The e2e FaultsIT checks the same of all four services with the broker stopped under load.
 */
@QuarkusTest
@TestProfile(ReadinessWithoutKafkaTest.NoBroker.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "intents"))
@WithTestResource(value = StripeEmulatorResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessWithoutKafkaTest {

    /** Channel settings win over the broker address the test resource sets for the whole service. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String nowhere = "127.0.0.1:" + closedPort();
            return Map.of(
                    "mp.messaging.outgoing.outbox.bootstrap.servers", nowhere,
                    "mp.messaging.incoming.provider-events.bootstrap.servers", nowhere);
        }
    }

    private static final RestAssuredConfig PROBE_TIMEOUT = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 3000).setParam("http.socket.timeout", 3000));

    @Test
    void unreadyButAliveWithoutTheBroker() {
        // Connecting takes a moment to fail; from then on every answer is 503, within the probe's timeout.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().config(PROBE_TIMEOUT).get("/q/health/ready").then().statusCode(503));
        for (int probe = 0; probe < 3; probe++) {
            given().config(PROBE_TIMEOUT).get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.status", is("DOWN"))
                    .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", is("UP"));
            given().config(PROBE_TIMEOUT).get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
