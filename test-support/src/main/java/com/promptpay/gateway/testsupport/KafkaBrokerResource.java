package com.promptpay.gateway.testsupport;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test at a real Kafka broker: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} when
 * set, otherwise one broker per test JVM, started by the project's own script and removed at exit.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static String bootstrapServers;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives one Quarkus application: other test classes in this JVM reuse it.
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String given = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (given != null && !given.isBlank()) {
                bootstrapServers = given;
            } else {
                KafkaBroker broker = KafkaBroker.startIn(Path.of("target", "kafka-broker"));
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-cleanup"));
                bootstrapServers = broker.bootstrapServers();
            }
        }
        return bootstrapServers;
    }
}
