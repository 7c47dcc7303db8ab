package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A service's own counters ({@code /q/metrics} on its port, Prometheus text): how a test sees work nothing else
 * exposes, such as outbox rows published or provider events applied. Counters restart with the process.
 */
final class ServiceMetrics {

    static final int INTENT_SERVICE = 8081;

    private ServiceMetrics() {
    }

    /** The sum of every series of {@code name} whose labels include all of {@code labels}. */
    static double sum(int port, String name, Map<String, String> labels) {
        HttpResponse<String> scraped = LocalStack.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")));
        assertEquals(200, scraped.statusCode(), scraped.body());
        double total = 0;
        for (String sample : scraped.body().split("\n")) {
            String line = sample.split(" # ")[0]; // with tracing on, an exemplar may follow the value
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String series = line.substring(0, line.lastIndexOf(' '));
                if (labels.entrySet().stream().allMatch(label -> series.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }
}
