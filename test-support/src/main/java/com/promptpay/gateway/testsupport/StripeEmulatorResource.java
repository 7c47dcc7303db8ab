package com.promptpay.gateway.testsupport;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test's stripe-java at the project's Stripe emulator: one emulator per test JVM, its
 * webhooks sent nowhere until a test says where ({@link StripeEmulatorProcess#webhookEndpoints}).
 * Init argument {@code min-amount} (satang, default 1000).
 */
public class StripeEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET_KEY = "sk_test_gateway_tests";
    public static final String WEBHOOK_SECRET = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0xMjM0NTY3OA==";

    private static StripeEmulatorProcess started;
    private String minAmount = "1000";

    @Override
    public void init(Map<String, String> initArgs) {
        minAmount = initArgs.getOrDefault("min-amount", minAmount);
    }

    @Override
    public Map<String, String> start() {
        return Map.of("gateway.stripe.api-base", emulator(minAmount).apiBase(),
                "gateway.stripe.secret-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        // Shared by every Quarkus application of this JVM; stopped at exit.
    }

    public static StripeEmulatorProcess emulator() {
        return emulator("1000");
    }

    private static synchronized StripeEmulatorProcess emulator(String minAmount) {
        int port = Integer.parseInt(JvmWide.once("promptpay.test.stripe-emulator.port", () -> {
            started = StripeEmulatorProcess.start(Path.of("target", "stripe-emulator"), Map.of(
                    "STRIPE_SECRET_KEY", SECRET_KEY,
                    "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET,
                    "STRIPE_WEBHOOK_URLS", "http://127.0.0.1:" + FreePort.pick() + "/nobody-listens",
                    "STRIPE_WEBHOOK_RETRY_SCHEDULE", "1s,2s,5s",
                    "GATEWAY_INTENTS_MIN_AMOUNT", minAmount));
            return Integer.toString(started.port());
        }));
        return started != null && started.port() == port ? started : StripeEmulatorProcess.attach(port);
    }
}
