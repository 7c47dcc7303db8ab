package com.promptpay.gateway.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's Stripe emulator (deploy/local/stripe-emulator), run from its packaged jar in its own
 * JVM on a free port, as ./gateway runs it. Services reach it through stripe-java; tests drive its
 * admin API (authorize, fail, delivery modes, webhook endpoints).
 */
public final class StripeEmulator implements AutoCloseable {

    public static final String SECRET_KEY = "sk_test_gateway_tests";
    public static final String WEBHOOK_SECRET = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0xMjM0NTY3OA==";

    private static final String JAR = "deploy/local/stripe-emulator/target/quarkus-app/quarkus-run.jar";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;

    private StripeEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the emulator; webhooks go to {@code webhookUrls} (may be changed later with {@link #sendWebhooksTo}). */
    public static StripeEmulator start(Path logDir, long minAmount, List<String> webhookUrls) {
        Path jar = RepoScripts.repoRoot().resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the emulator first (mvn package in the repository root)");
        }
        int port = FreePort.pick();
        try {
            Files.createDirectories(logDir);
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logDir.resolve("stripe-emulator.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(Map.of(
                    "STRIPE_EMULATOR_PORT", Integer.toString(port),
                    "STRIPE_SECRET_KEY", SECRET_KEY,
                    "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET,
                    "STRIPE_WEBHOOK_URLS", String.join(",", webhookUrls),
                    "STRIPE_WEBHOOK_RETRY_SCHEDULE", "1s,2s,5s",
                    "GATEWAY_INTENTS_MIN_AMOUNT", Long.toString(minAmount)));
            StripeEmulator emulator = new StripeEmulator(builder.start(), port);
            emulator.awaitAnswer(Duration.ofSeconds(60));
            return emulator;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Stripe emulator", e);
        }
    }

    /** What stripe-java's {@code setApiBase} takes. */
    public String apiBase() {
        return "http://127.0.0.1:" + port;
    }

    public void authorize(String stripePaymentIntentId) {
        admin("POST", "/_emulator/payment_intents/" + stripePaymentIntentId + "/authorize", "");
    }

    public void fail(String stripePaymentIntentId) {
        admin("POST", "/_emulator/payment_intents/" + stripePaymentIntentId + "/fail", "");
    }

    public void sendWebhooksTo(List<String> urls) {
        admin("PUT", "/_emulator/webhook-endpoints", "{\"urls\":[" + String.join(",",
                urls.stream().map(url -> "\"" + url + "\"").toList()) + "]}");
    }

    /** Raw admin call; answers the body, throws on a non-2xx. */
    public String admin(String method, String path, String jsonBody) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(apiBase() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.time.Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitAnswer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Stripe emulator exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(apiBase() + "/_emulator/delivery-mode"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the Stripe emulator did not answer within " + timeout);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
