package com.promptpay.gateway.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Per operation: how many cases, what came back, how many were wrong, how long it took. */
final class Tally {

    private final String operation;
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int cases;
    private int serverErrors;
    private int viaSocket;
    private long maxMillis;
    private long durationMillis;

    Tally(String operation) {
        this.operation = operation;
    }

    synchronized void record(Outcome outcome, List<String> wrong, String failureReport) {
        cases++;
        statuses.merge(outcome.bucket(), 1, Integer::sum);
        serverErrors += outcome.status() >= 500 ? 1 : 0;
        viaSocket += outcome.viaSocket() ? 1 : 0;
        maxMillis = Math.max(maxMillis, outcome.millis());
        if (!wrong.isEmpty()) {
            failures.add(failureReport);
        }
    }

    void finished(long durationMillis) {
        this.durationMillis = durationMillis;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized int cases() {
        return cases;
    }

    static String header() {
        return String.format("%-48s %7s %6s %6s %8s %8s  %s", "operation", "cases", "≥500", "wrong", "time s", "max ms",
                "statuses (count)");
    }

    synchronized String row() {
        String histogram = statuses.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
        return String.format("%-48s %7d %6d %6d %8.1f %8d  %s", operation, cases, serverErrors, failures.size(),
                durationMillis / 1000.0, maxMillis, histogram) + (viaSocket > 0 ? "  (" + viaSocket + " raw)" : "");
    }
}
