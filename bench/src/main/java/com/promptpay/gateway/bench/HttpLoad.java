package com.promptpay.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A small HTTP load generator for the benchmarks, loopback only.
 *
 * <ul>
 * <li>{@code --mode closed --concurrency N}: N callers back to back, for peak throughput.</li>
 * <li>{@code --mode open --rate R}: requests start on a fixed schedule whatever the answers do, and latency
 * is measured from the scheduled start, so a stall shows in the tail instead of slowing the load down
 * (no coordinated omission).</li>
 * </ul>
 * Prints one line: {@code mode=… load=… requests=… errors=… throughput=…/s p50=… p90=… p99=… max=… ms}.
 */
public final class HttpLoad {

    private final HttpClient client;
    private final HttpRequest request;
    private final int expectedStatus;
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private volatile String lastError = "";

    private HttpLoad(HttpRequest request, int expectedStatus, int connections) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(2, Math.min(connections, 64))))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.request = request;
        this.expectedStatus = expectedStatus;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        List<String> headers = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--header")) {
                headers.add(args[i + 1]);
            } else {
                options.put(args[i].substring(2), args[i + 1]);
            }
        }
        URI url = URI.create(options.getOrDefault("url", "http://127.0.0.1:3000/payments/intents"));
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("benchmarks send traffic to this machine only: " + url);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30));
        headers.forEach(header -> builder.header(header.substring(0, header.indexOf(':')).strip(),
                header.substring(header.indexOf(':') + 1).strip()));
        String body = options.get("body");
        builder.method(options.getOrDefault("method", body == null ? "GET" : "POST"),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        int expected = Integer.parseInt(options.getOrDefault("expect", "200"));
        double seconds = Double.parseDouble(options.getOrDefault("duration", "10"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "2"));
        String mode = options.getOrDefault("mode", "closed");
        // With the stack's run directory, also how much CPU one request cost in each of its processes.
        Path runDir = options.containsKey("run-dir") ? Path.of(options.get("run-dir")) : null;

        HttpLoad load;
        Histogram latencies;
        CpuSample before;
        if (mode.equals("closed")) {
            int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
            load = new HttpLoad(builder.build(), expected, concurrency);
            load.closed(concurrency, warmup);
            before = runDir == null ? null : CpuSample.take(runDir);
            latencies = load.closed(concurrency, seconds);
            load.report("closed", "c=" + concurrency, latencies, seconds);
        } else {
            double rate = Double.parseDouble(options.getOrDefault("rate", "100"));
            load = new HttpLoad(builder.build(), expected, 64);
            load.open(rate, warmup);
            before = runDir == null ? null : CpuSample.take(runDir);
            latencies = load.open(rate, seconds);
            load.report("open", "rate=" + (long) rate + "/s", latencies, seconds);
        }
        if (before != null) {
            System.out.println(CpuSample.take(runDir).perEvent(before, load.completed.get()));
        }
        System.exit(0);
    }

    private Histogram closed(int concurrency, double seconds) throws InterruptedException {
        reset();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < concurrency; i++) {
            callers.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        record(start, client.send(request, HttpResponse.BodyHandlers.ofString()));
                    } catch (Exception e) {
                        fail(start, e.toString());
                    }
                }
            });
        }
        callers.shutdown();
        callers.awaitTermination((long) seconds + 60, TimeUnit.SECONDS);
        return recorder.getIntervalHistogram();
    }

    private Histogram open(double rate, double seconds) throws InterruptedException {
        reset();
        long interval = (long) (1e9 / rate);
        long first = System.nanoTime();
        long count = (long) (rate * seconds);
        Semaphore outstanding = new Semaphore(4000);
        for (long i = 0; i < count; i++) {
            long scheduled = first + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!outstanding.tryAcquire()) {
                fail(scheduled, "more than 4000 requests outstanding");
                continue;
            }
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                outstanding.release();
                if (failure != null) {
                    fail(scheduled, failure.toString());
                } else {
                    record(scheduled, response);
                }
            });
        }
        outstanding.acquire(4000);
        outstanding.release(4000);
        return recorder.getIntervalHistogram();
    }

    private void record(long start, HttpResponse<String> response) {
        long micros = (System.nanoTime() - start) / 1000;
        recorder.recordValue(Math.max(1, micros));
        completed.incrementAndGet();
        if (response.statusCode() != expectedStatus) {
            errors.incrementAndGet();
            lastError = response.statusCode() + " " + response.body().substring(0, Math.min(200, response.body().length()));
        }
    }

    private void fail(long start, String message) {
        recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        completed.incrementAndGet();
        errors.incrementAndGet();
        lastError = message;
    }

    private void reset() {
        recorder.reset();
        errors.set(0);
        completed.set(0);
    }

    private void report(String mode, String load, Histogram latencies, double seconds) {
        System.out.printf("mode=%s load=%s requests=%d errors=%d throughput=%.0f/s p50=%.2f p90=%.2f p99=%.2f max=%.2f ms%s%n",
                mode, load, completed.get(), errors.get(), completed.get() / seconds,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(90) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0,
                errors.get() > 0 ? " last_error=" + lastError.replace('\n', ' ') : "");
    }
}
