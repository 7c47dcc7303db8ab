package com.promptpay.gateway.e2e.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.promptpay.gateway.e2e.LocalStack;

/**
 * Issue #8: every operation the :3000 entry routes, taken from the services' own OpenAPI documents, gets a valid
 * baseline and then thousands of bad variants of it. No answer may be a 5xx or show a stack trace; errors are
 * problem+json naming the field (HTML pages for the checkout pages).
 *
 * <p>{@code -Dfuzz.casesPerEndpoint=10000} (bench/fuzz.sh), {@code -Dfuzz.seed=…} to replay a run,
 * {@code -Dfuzz.only=<regex on "METHOD /template">} and {@code -Dfuzz.case=<n>} to replay one case,
 * {@code -Dfuzz.concurrency=6}, {@code -Dfuzz.trace=true} to print every case as it completes.
 */
class FuzzIT {

    /** Keeps this test near two minutes in mvn verify on two shared cores, stack start and stop included. */
    private static final int DEFAULT_CASES_PER_OPERATION = 150;
    private static final Path REPORT = Path.of(System.getProperty("fuzz.report", "target/fuzz-report.txt"));

    private static Map<String, String> settings;
    private static final Sender SENDER = new Sender();

    @BeforeAll
    static void up() throws Exception {
        // Another build of this module may rewrite target/test-classes while the stack starts: load now what down() needs.
        Class.forName(LocalStack.Result.class.getName());
        assertEquals(List.of(), LocalStack.listeningPorts(), "ports already in use before the test (stop your local stack: ./gateway down)");
        LocalStack.Result up = LocalStack.gateway("up");
        assertEquals(0, up.exitCode(), up.output());
        settings = LocalStack.settings();
    }

    @AfterAll
    static void down() throws Exception {
        keepLogs();
        LocalStack.Result down = LocalStack.gateway("down");
        assertEquals(0, down.exitCode(), down.output());
        assertEquals(List.of(), LocalStack.listeningPorts(), "ports left open");
    }

    @Test
    void everyRoutedOperationAnswersBadInputWithoutServerErrorsOrStackTraces() throws Exception {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        int cases = Integer.getInteger("fuzz.casesPerEndpoint", DEFAULT_CASES_PER_OPERATION);
        int concurrency = Integer.getInteger("fuzz.concurrency", 6);
        Pattern only = Pattern.compile(System.getProperty("fuzz.only", ".*"));
        Integer onlyCase = Integer.getInteger("fuzz.case");
        System.out.printf("FuzzIT: seed %d (replay with -Dfuzz.seed=%d), %d cases per operation, %d in flight%n",
                seed, seed, cases, concurrency);
        List<Operation> operations = routedOperations().stream().filter(o -> only.matcher(o.key()).matches()).toList();

        Fixtures fixtures = Fixtures.create(SENDER.http(), settings);
        Oracle oracle = new Oracle(List.of(fixtures.adminToken(), fixtures.demoKey(), settings.get("STRIPE_WEBHOOK_SECRET"),
                settings.get("DEMO_MERCHANT_LINK_SECRET"), settings.get("GATEWAY_SERVICE_TOKEN"), settings.get("GATEWAY_SECRETS_KEY")));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Tally> tallies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (Operation operation : operations) {
                fixtures = fixtures.withFreshObjects(SENDER.http());
                Tally tally = campaign(operation, fixtures, oracle, seed).run(Campaign.numbers(cases, onlyCase), pool);
                System.out.println(tally.row());
                tallies.add(tally);
            }
            // Bad input must not have broken anything for good input: every baseline passes again, through the entry.
            for (Operation operation : operations) {
                fixtures = fixtures.withFreshObjects(SENDER.http());
                campaign(operation, fixtures, oracle, seed).baselineFails().ifPresent(failures::add);
            }
        } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException stopped) {
            failures.add("fuzzing stopped: " + oracle.redact(stopped.toString()));
        } finally {
            pool.shutdownNow();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;

        failures.addAll(0, tallies.stream().flatMap(tally -> tally.failures().stream()).toList());
        failures.addAll(unreadyServices());
        String table = Tally.header() + "\n" + tallies.stream().map(Tally::row).collect(Collectors.joining("\n"))
                + String.format("%n%d operations, %d cases in %d s, seed %d, %d failures%n", tallies.size(),
                        tallies.stream().mapToInt(Tally::cases).sum(), seconds, seed, failures.size())
                + String.format("%d requests retried on a fresh connection after a pooled one closed unanswered%s%n",
                        SENDER.retriedOnFreshConnection(), SENDER.retriedOnFreshConnection() == 0 ? ""
                                : " (by path: " + SENDER.retriesByPath() + ")")
                + SENDER.retryExamples().stream().map(example -> "  retried: " + oracle.redact(example) + "\n")
                        .collect(Collectors.joining());
        System.out.println(table);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, table + "\n" + String.join("\n\n", failures) + "\n");
        assertEquals(List.of(), failures.stream().limit(40).toList(), failures.size() + " failures (all in " + REPORT
                + "; replay with -Dfuzz.seed=" + seed + " -Dfuzz.only='…' -Dfuzz.case=n)");
    }

    private static Campaign campaign(Operation operation, Fixtures fixtures, Oracle oracle, long seed) {
        return new Campaign(operation, Baselines.of(operation, fixtures), new Mutations(fixtures), oracle, SENDER, seed);
    }

    /** The documented operations the entry routes (the others are internal), each service contributing some. */
    private static List<Operation> routedOperations() throws IOException, InterruptedException {
        List<Operation> documented = OpenApi.operations(SENDER.http());
        List<Operation> routed = new ArrayList<>();
        for (Operation operation : documented) {
            if (routedByEntry(operation)) {
                routed.add(operation);
            }
        }
        System.out.println("FuzzIT: not routed by the entry, so not public: " + documented.stream()
                .filter(operation -> !routed.contains(operation)).map(Operation::key).collect(Collectors.joining(", ")));
        for (int port : OpenApi.SERVICE_PORTS) {
            assertTrue(routed.stream().anyMatch(operation -> operation.servicePort() == port), "no routed operation of :" + port);
        }
        return routed;
    }

    /** The services' logs say what a failing case did inside; the next ./gateway up overwrites them. */
    private static void keepLogs() throws IOException {
        Path logs = LocalStack.root().resolve(".gateway/logs");
        Path kept = REPORT.resolveSibling("fuzz-logs");
        Files.createDirectories(kept);
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path log : files.filter(file -> file.toString().endsWith(".log")).toList()) {
                    Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The entry answers a path it does not route with its own 404; anything else reached a service. */
    private static boolean routedByEntry(Operation operation) throws IOException, InterruptedException {
        String path = operation.template().replaceAll("\\{[^}]+}", "probe");
        HttpResponse<String> answer = SENDER.http().send(HttpRequest.newBuilder(URI.create(Sender.ENTRY + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return !answer.body().contains("No service answers this path.");
    }

    /** After all that, every service must still be ready: bad input may not have broken one for good input. */
    private static List<String> unreadyServices() throws IOException, InterruptedException {
        List<String> unhealthy = new ArrayList<>();
        for (int port : OpenApi.SERVICE_PORTS) {
            HttpResponse<String> ready = SENDER.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/q/health/ready")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() != 200) {
                unhealthy.add("service :" + port + " not ready after fuzzing: " + ready.statusCode() + " " + ready.body());
            }
        }
        return unhealthy;
    }
}
