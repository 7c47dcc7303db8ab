package com.promptpay.gateway.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test's stripe-java at the project's Stripe emulator: one emulator per test JVM,
 * webhooks sent nowhere until a test says where ({@link StripeEmulator#sendWebhooksTo}).
 * Init argument {@code min-amount} (satang, default 1000).
 */
public class StripeEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static StripeEmulator emulator;
    private long minAmount = 1000;

    @Override
    public void init(Map<String, String> initArgs) {
        minAmount = Long.parseLong(initArgs.getOrDefault("min-amount", "1000"));
    }

    @Override
    public Map<String, String> start() {
        StripeEmulator running = emulator(minAmount);
        return Map.of(
                "gateway.stripe.api-base", running.apiBase(),
                "gateway.stripe.secret-key", StripeEmulator.SECRET_KEY);
    }

    @Override
    public void stop() {
        // Shared by every Quarkus application of this JVM; stopped at exit.
    }

    public static synchronized StripeEmulator emulator() {
        return emulator(1000);
    }

    private static synchronized StripeEmulator emulator(long minAmount) {
        if (emulator == null) {
            emulator = StripeEmulator.start(Path.of("target", "stripe-emulator"), minAmount,
                    List.of("http://127.0.0.1:" + FreePort.pick() + "/nobody-listens"));
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "stripe-emulator-cleanup"));
        }
        return emulator;
    }
}
