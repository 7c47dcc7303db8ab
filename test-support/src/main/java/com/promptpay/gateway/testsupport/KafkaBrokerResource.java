package com.promptpay.gateway.testsupport;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test at a real Kafka broker: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} when
 * set, otherwise one broker per test JVM, started by the project's own script and removed at exit.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives one Quarkus application: other test classes in this JVM reuse it.
    }

    public static String bootstrapServers() {
        return JvmWide.once("promptpay.test.kafka.bootstrap-servers", () -> {
            String given = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (given != null && !given.isBlank()) {
                return given;
            }
            KafkaBroker broker = KafkaBroker.startIn(Path.of("target", "kafka-broker"));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-cleanup"));
            return broker.bootstrapServers();
        });
    }
}
