package com.promptpay.gateway.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Stripe emulator (deploy/local/stripe-emulator) as its own JVM on a free loopback port, started
 * from its packaged {@code quarkus-run.jar} the way {@code ./gateway up} starts it. Output goes to a
 * file, stdin is /dev/null, so the test JVM holds no pipe of it. Tests talk to {@link #apiBase()} with
 * stripe-java and drive payments through the admin surface ({@code /_emulator/…}).
 *
 * <pre>{@code
 * try (StripeEmulatorProcess emulator = StripeEmulatorProcess.start(Path.of("target", "stripe-emulator"), Map.of(
 *         "STRIPE_SECRET_KEY", "sk_test_…", "STRIPE_WEBHOOK_SECRET", "whsec_…",
 *         "STRIPE_WEBHOOK_URLS", "http://127.0.0.1:" + port + "/webhooks/stripe"))) {
 *     StripeClient stripe = StripeClient.builder().setApiKey("sk_test_…")
 *             .setApiBase(emulator.apiBase()).setMaxNetworkRetries(0).build();
 *     …
 *     emulator.authorize(paymentIntentId);
 * }
 * }</pre>
 */
public final class StripeEmulatorProcess implements AutoCloseable {

    private static final String MODULE = "deploy/local/stripe-emulator";
    private static final String JAR = MODULE + "/target/quarkus-app/quarkus-run.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final long BUILD_TIMEOUT_SECONDS = 600;

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Thread cleanup;

    private StripeEmulatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.cleanup = new Thread(this::destroy, "stripe-emulator-cleanup");
        if (process != null) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
    }

    /** Admin calls to an emulator another class loader of this JVM started; closing it stops nothing. */
    static StripeEmulatorProcess attach(int port) {
        return new StripeEmulatorProcess(null, port, null);
    }

    /**
     * Starts the emulator with these environment variables (see its README: {@code STRIPE_SECRET_KEY},
     * {@code STRIPE_WEBHOOK_SECRET}, {@code STRIPE_WEBHOOK_URLS}, …) on a free port, and waits until it
     * answers. Builds the jar first when it is missing.
     *
     * @param runDir where its console log goes ({@code stripe-emulator.log})
     */
    public static StripeEmulatorProcess start(Path runDir, Map<String, String> environment) {
        Path jar = ensureJar();
        int port = FreePort.pick();
        try {
            Files.createDirectories(runDir);
            Path log = runDir.toAbsolutePath().resolve("stripe-emulator.log");
            List<String> command = List.of(javaBinary(), "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-jar",
                    jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.put("STRIPE_EMULATOR_HOST", "127.0.0.1");
            env.put("STRIPE_EMULATOR_PUBLIC_URL", "http://127.0.0.1:" + port);
            env.putAll(environment);
            env.put("STRIPE_EMULATOR_PORT", Integer.toString(port));
            StripeEmulatorProcess emulator = new StripeEmulatorProcess(builder.start(), port, log);
            emulator.awaitReady();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Stripe emulator from " + jar, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: stripe-java's API base and the admin surface's root. */
    public String apiBase() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** As the test page's Authorize button: the intent succeeds and {@code payment_intent.succeeded} is sent. */
    public String authorize(String paymentIntentId) {
        return admin("POST", "/_emulator/payment_intents/" + paymentIntentId + "/authorize", null);
    }

    /** As the Fail button: {@code payment_intent.payment_failed} with a {@code last_payment_error}. */
    public String fail(String paymentIntentId) {
        return admin("POST", "/_emulator/payment_intents/" + paymentIntentId + "/fail", null);
    }

    /** Sends the same event (same id and body, fresh signature) to every endpoint again. */
    public String replay(String eventId) {
        return admin("POST", "/_emulator/events/" + eventId + "/replay", null);
    }

    /** The JSON list of the events of one PaymentIntent, each with its deliveries and attempts. */
    public String events(String paymentIntentId) {
        return admin("GET", "/_emulator/events?paymentIntent=" + paymentIntentId, null);
    }

    public String event(String eventId) {
        return admin("GET", "/_emulator/events/" + eventId, null);
    }

    /** Replaces the webhook endpoint URLs. */
    public String webhookEndpoints(List<String> urls) {
        StringBuilder json = new StringBuilder("{\"urls\":[");
        for (int i = 0; i < urls.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(urls.get(i).replace("\"", "")).append('"');
        }
        return admin("PUT", "/_emulator/webhook-endpoints", json.append("]}").toString());
    }

    /** {@code {"duplicate":true,"delayMs":2000}}; {@code "{}"} restores normal delivery. */
    public String deliveryMode(String json) {
        return admin("PUT", "/_emulator/delivery-mode", json);
    }

    /** Any admin call; returns the body, throws unless 2xx. */
    public String admin(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void destroy() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Quarkus shuts down in well under a second
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Stripe emulator exited with " + process.exitValue() + ":\n"
                        + logTail());
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(apiBase() + "/_emulator/delivery-mode"))
                                .timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy();
                throw new IllegalStateException("interrupted while the Stripe emulator started", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy();
                throw new IllegalStateException("interrupted while the Stripe emulator started", e);
            }
        }
        destroy();
        throw new IllegalStateException("the Stripe emulator did not answer within " + START_TIMEOUT + ":\n" + logTail());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed; log:\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The packaged emulator; built with Maven (like kafka.sh assembles the broker) when it is missing. */
    private static synchronized Path ensureJar() {
        Path root = RepoScripts.repoRoot();
        Path jar = root.resolve(JAR);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-f", root.resolve(MODULE + "/pom.xml").toString(),
                "package", "-DskipTests"));
        try {
            Path output = Files.createTempFile("stripe-emulator-build", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process build = builder.start();
            boolean finished = build.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (!finished) {
                build.destroyForcibly();
                throw new IllegalStateException("building the Stripe emulator timed out:\n" + text);
            }
            if (build.exitValue() != 0 || !Files.isRegularFile(jar)) {
                throw new IllegalStateException("building the Stripe emulator failed (" + String.join(" ", command)
                        + "):\n" + text);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the Stripe emulator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Stripe emulator", e);
        }
    }
}
