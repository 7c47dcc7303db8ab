import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page render latency of GET /payment/{id} under an open model: requests start at a constant arrival
 * rate whatever the answers do, and each latency is counted from the moment its request was due, so a
 * stall shows up in the tail instead of slowing the load down (no coordinated omission).
 *
 * <pre>
 * java checkout-page-service/bench/PageRenderBench.java [rate/s=200] [seconds=30] [warmup seconds=10]
 * env: CHECKOUT_URL (default http://127.0.0.1:8082), BASE_URL and DEMO_MERCHANT_API_KEY (default from
 *      .gateway/local.env) to create the intents, INTENTS (how many distinct pages, default 50),
 *      MODE=internal to load intent-service's GET /internal/intents/{id} instead (the call each render makes)
 * </pre>
 * Needs ./gateway up (intent-service answers every render). Only talks to this machine.
 */
public class PageRenderBench {

    private static String authorization;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Map<String, String> env = settings();
        String checkout = env.getOrDefault("CHECKOUT_URL", "http://127.0.0.1:8082").replaceAll("/$", "");
        String base = env.getOrDefault("BASE_URL", "http://localhost:3000").replaceAll("/$", "");
        int intents = Integer.parseInt(env.getOrDefault("INTENTS", "50"));
        for (String url : List.of(checkout, base)) {
            String host = URI.create(url).getHost();
            if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
                throw new IllegalArgumentException("this benchmark only talks to this machine, not " + url);
            }
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newFixedThreadPool(4)).build();
        // MODE=internal measures intent-service's GET /internal/intents/{id} alone (what every render waits for).
        boolean internal = "internal".equals(env.get("MODE"));
        String target = internal ? env.getOrDefault("INTENT_SERVICE_URL", "http://127.0.0.1:8081") + "/internal/intents/"
                : checkout + "/payment/";
        authorization = internal ? "Bearer " + env.get("GATEWAY_SERVICE_TOKEN") : null;
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < intents; i++) {
            pages.add(target + createIntent(http, base, env.get("DEMO_MERCHANT_API_KEY")));
        }
        System.out.printf(Locale.ROOT, "%d intents created; GET %s{id} at %d/s: %d s warm-up, %d s measured%n",
                intents, target, rate, warmup, seconds);

        run(http, pages, rate, warmup, false);
        Result result = run(http, pages, rate, seconds, true);
        result.print(rate, seconds);
        System.exit(0);
    }

    record Result(long[] micros, int errors, int sent, long bytes) {
        void print(int rate, int seconds) {
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "requests %d (%.1f/s), errors %d, page %d bytes%n", sent, sent / (double) seconds,
                    errors, sorted.length == 0 ? 0 : bytes / sorted.length);
            System.out.printf(Locale.ROOT, "latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), at(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
        }

        static double at(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }
    }

    static Result run(HttpClient http, List<String> pages, int rate, int seconds, boolean record) throws Exception {
        int total = rate * seconds;
        long[] micros = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        List<CompletableFuture<Void>> inFlight = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int n = i;
            long due = start + n * periodNanos;
            CompletableFuture<Void> finished = new CompletableFuture<>();
            inFlight.add(finished);
            clock.schedule(() -> {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(pages.get(n % pages.size())))
                        .header("Accept-Language", n % 2 == 0 ? "th-TH,th;q=0.9" : "en-US,en;q=0.9")
                        .timeout(Duration.ofSeconds(10));
                if (authorization != null) {
                    builder.header("Authorization", authorization);
                }
                HttpRequest request = builder.build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                    long latency = (System.nanoTime() - due) / 1000;
                    if (failure != null || response.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        bytes.addAndGet(response.body().length);
                        micros[done.getAndIncrement()] = latency;
                    }
                    finished.complete(null);
                });
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(seconds + 30L, TimeUnit.SECONDS);
        clock.shutdown();
        return new Result(Arrays.copyOf(micros, done.get()), errors.get(), total, bytes.get());
    }

    static String createIntent(HttpClient http, String base, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/payments/intents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":10000,\"email\":\"bench@example.com\","
                        + "\"description\":\"สั่งซื้อสินค้า Order #12345\",\"callbackUrl\":\"https://your-site.com/payment/success\","
                        + "\"cancelUrl\":\"https://your-site.com/payment/cancel\"}"));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"paymentIntentId\":\"(pi_[A-Za-z0-9]+)\"").matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("create intent: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    /** .gateway/local.env (found above the working directory), then the environment on top. */
    static Map<String, String> settings() throws IOException {
        Map<String, String> values = new HashMap<>();
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(".gateway/local.env"))) {
            dir = dir.getParent();
        }
        if (dir != null) {
            for (String line : Files.readAllLines(dir.resolve(".gateway/local.env"))) {
                Matcher entry = Pattern.compile("^([A-Z0-9_]+)=(.*)$").matcher(line.strip());
                if (entry.matches()) {
                    values.put(entry.group(1), entry.group(2));
                }
            }
        }
        values.putAll(System.getenv());
        return values;
    }
}
