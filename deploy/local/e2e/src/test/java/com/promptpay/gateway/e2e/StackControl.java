package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The running stack, one component at a time, through {@code ./gateway}: every call carries the same environment
 * overrides, so a component started again runs with the settings {@code up} gave it.
 */
final class StackControl {

    /** What the fault tests stop and kill, and what a payment needs, in the order they can start. */
    static final List<String> COMPONENTS = List.of("kafka", "stripe-emulator", "intent-service", "checkout-page-service",
            "webhook-ingest-service", "callback-dispatcher-service", "entry-proxy");
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("intent-service", 8081, "checkout-page-service", 8082,
            "webhook-ingest-service", 8083, "callback-dispatcher-service", 8084);

    private final Map<String, String> environment;

    StackControl(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    void up() {
        LocalStack.Result up = run("up");
        assertTrue(up.output().contains("The PromptPay gateway is up"), up.output());
    }

    void down() {
        run("down");
    }

    /** SIGTERM: a clean shutdown, as a deploy or an operator does it. */
    void stop(String component) {
        run("stop", component);
    }

    /** SIGKILL: what a crash, an OOM kill or a lost node looks like to everything else. */
    void kill(String component) {
        LocalStack.Result killed = run("kill", component);
        assertTrue(killed.output().contains("SIGKILL"), "./gateway kill " + component + " killed nothing: " + killed.output());
    }

    /** Starts a stopped component again; {@code ./gateway start} returns once it is ready. */
    void start(String component) {
        run("start", component);
    }

    /** Whatever a failed scenario left stopped runs again, so the next scenario starts from a whole stack. */
    void startEverythingStopped() {
        for (String component : COMPONENTS) {
            LocalStack.Result started = LocalStack.gateway(environment, "start", component);
            assertEquals(0, started.exitCode(), "./gateway start " + component + "\n" + started.output());
            if (!started.output().contains("already running")) {
                System.out.println("[faults] started again after the scenario: " + component);
            }
        }
        awaitReady();
    }

    /**
     * Every service ready, i.e. reaching its database and Kafka again (their readiness asks the broker), and the
     * entry and the emulator answering.
     */
    void awaitReady() {
        Await.until("every component ready", Duration.ofSeconds(60), () -> notReady().isEmpty(),
                () -> "not ready: " + notReady());
    }

    List<String> notReady() {
        List<String> waiting = new ArrayList<>();
        SERVICE_PORTS.forEach((service, port) -> {
            if (!answers200("http://127.0.0.1:" + port + "/q/health/ready")) {
                waiting.add(service);
            }
        });
        if (!answers200("http://127.0.0.1:12111/_emulator/delivery-mode")) {
            waiting.add("stripe-emulator");
        }
        if (!LocalStack.listening(3000)) {
            waiting.add("entry-proxy");
        }
        return waiting;
    }

    /** A readiness check may hang while Kafka is away: a probe that does not answer soon counts as not ready. */
    private static boolean answers200(String url) {
        try {
            return LocalStack.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException refusedOrSlow) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private LocalStack.Result run(String... args) {
        long started = System.nanoTime();
        LocalStack.Result result = LocalStack.gateway(environment, args);
        String command = "./gateway " + String.join(" ", args);
        assertEquals(0, result.exitCode(), command + "\n" + result.output());
        System.out.printf("[faults] %s: %.1f s%n", command, (System.nanoTime() - started) / 1e9);
        return result;
    }
}
