package com.promptpay.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's own metrics ({@code /q/metrics} on its port, Prometheus text): how a test sees work nothing else
 * exposes, such as outbox rows published or provider events applied. Counters restart with the process.
 */
final class ServiceMetrics {

    static final int INTENT_SERVICE = 8081;
    /** The four gateway services, by the name the metric catalog and the scrape jobs give them, and their ports. */
    static final Map<String, Integer> SERVICES = Map.of("intent-service", INTENT_SERVICE, "checkout-page-service", 8082,
            "webhook-ingest-service", 8083, "callback-dispatcher-service", 8084);

    private ServiceMetrics() {
    }

    /** One sample line: {@code name{labels} value}, without a timestamp or exemplar that may follow. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One scrape: the type each {@code # TYPE} line declares, by family, and every sample. */
    record Scrape(Map<String, String> types, List<Sample> samples) {
    }

    /** The sum of every series of {@code name} whose labels include all of {@code labels}. */
    static double sum(int port, String name, Map<String, String> labels) {
        return scrape(port).samples().stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /**
     * Asks for the Prometheus text format (0.0.4), in which a counter's {@code # TYPE} line names it with its
     * {@code _total}, as the metric catalog does; without an Accept header Quarkus answers OpenMetrics, which drops it.
     */
    static Scrape scrape(int port) {
        HttpResponse<String> scraped = LocalStack.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .header("Accept", "text/plain; version=0.0.4"));
        assertEquals(200, scraped.statusCode(), scraped.body());
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : scraped.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] declared = line.split(" ");
                types.put(declared[2], declared[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new Scrape(types, samples);
    }

    /** Label values are quoted and may hold anything, braces included ({@code uri="/payment/{id}"}). */
    private static Sample sample(String line) {
        int at = 0;
        while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
            at++;
        }
        String name = line.substring(0, at);
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                int equals = line.indexOf('=', at);
                String label = line.substring(at, equals).trim();
                StringBuilder value = new StringBuilder();
                at = equals + 2; // past ="
                while (line.charAt(at) != '"') {
                    if (line.charAt(at) == '\\') {
                        at++;
                    }
                    value.append(line.charAt(at++));
                }
                labels.put(label, value.toString());
                at++; // past the closing quote
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            at++;
        }
        // The value, then perhaps a timestamp and (in OpenMetrics, with tracing on) " # " and an exemplar.
        String value = line.substring(at).trim().split("\\s+")[0];
        return new Sample(name, labels, Double.parseDouble(value.replace("Inf", "Infinity")));
    }
}
