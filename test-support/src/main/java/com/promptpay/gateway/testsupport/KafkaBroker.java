package com.promptpay.gateway.testsupport;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node KRaft broker in its own JVM, started by deploy/local/kafka/kafka.sh on free
 * loopback ports, with its data in a directory of its own. Tests can stop, kill and restart it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String SCRIPT = "deploy/local/kafka/kafka.sh";

    private final int port;
    private final Map<String, String> environment;

    private KafkaBroker(int port, int controllerPort, Path runDir) {
        this.port = port;
        this.environment = Map.of(
                "KAFKA_PORT", Integer.toString(port),
                "KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort),
                "KAFKA_RUN_DIR", runDir.toString());
    }

    /**
     * Starts a fresh broker on free ports with its data under {@code runDir}, and creates the gateway's
     * topics. Whatever an earlier, crashed test run left in that directory is stopped and removed first.
     */
    public static KafkaBroker startIn(Path runDir) {
        KafkaBroker broker = new KafkaBroker(FreePort.pick(), FreePort.pick(), runDir.toAbsolutePath());
        broker.close();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start() {
        RepoScripts.run(SCRIPT, environment, "start");
    }

    /** Graceful stop (SIGTERM), as a rolling restart would do. */
    public void stop() {
        RepoScripts.run(SCRIPT, environment, "stop");
    }

    /** SIGKILL, as a crash would do. */
    public void kill() {
        RepoScripts.run(SCRIPT, environment, "kill");
    }

    /** Stops the broker and removes its data. */
    @Override
    public void close() {
        RepoScripts.run(SCRIPT, environment, "clean");
    }
}
