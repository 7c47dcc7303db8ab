package com.promptpay.gateway.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an event's time goes: each milestone the services write down (intent-service applying the provider event, its
 * outbox relay publishing {@code payment_intent.succeeded}, the dispatcher's delivery row), as ms after the scheduled
 * send, beside the two the load generator sees itself (ingest's answer, the merchant's receipt). All clocks are this
 * machine's.
 */
final class Milestones {

    private final long anchorNanos = System.nanoTime();
    private final long anchorMicros = toMicros(Instant.now());
    private final String jdbcBase;
    private final String user;

    /** @param jdbcBase {@code jdbc:postgresql://127.0.0.1:5432/}; the database name is appended */
    Milestones(String jdbcBase, String user) {
        this.jdbcBase = jdbcBase;
        this.user = user;
    }

    /** Wall-clock micros of a {@link System#nanoTime()} reading. */
    long micros(long nanos) {
        return anchorMicros + (nanos - anchorNanos) / 1000;
    }

    /**
     * @param scheduled intent id → scheduled send (nanoTime)
     * @param answered  intent id → ingest's answer (nanoTime)
     * @param received  intent id → the merchant's receipt (nanoTime)
     */
    String describe(Map<String, Long> scheduled, Map<String, Long> answered, Map<String, Long> received) {
        String[] ids = scheduled.keySet().toArray(String[]::new);
        Map<String, Map<String, Long>> stages = new LinkedHashMap<>();
        stages.put("ingest answered", nanosToMicros(answered));
        try {
            stages.put("applied by intent-service", query("intents", "SELECT intent_id, applied_at FROM applied_provider_event "
                    + "WHERE intent_id = ANY(?)", ids));
            stages.put("published by its outbox relay", query("intents", "SELECT message_key, published_at FROM outbox_event "
                    + "WHERE type = 'payment_intent.succeeded' AND message_key = ANY(?)", ids));
            stages.put("delivery row in the dispatcher", query("dispatcher", "SELECT intent_id, created_at FROM delivery "
                    + "WHERE event_type = 'payment_intent.succeeded' AND intent_id = ANY(?)", ids));
        } catch (SQLException e) {
            return "where the time goes: unavailable (" + e.getMessage() + ")";
        }
        stages.put("received by the merchant", nanosToMicros(received));
        StringBuilder line = new StringBuilder("where the time goes (ms after the scheduled send, p50 / p99):");
        stages.forEach((name, at) -> {
            List<Double> offsets = new ArrayList<>();
            scheduled.forEach((id, nanos) -> {
                Long micros = at.get(id);
                if (micros != null) {
                    offsets.add((micros - micros(nanos)) / 1000.0);
                }
            });
            double[] sorted = offsets.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            line.append(String.format(" %s %.1f / %.1f;", name, percentile(sorted, 50), percentile(sorted, 99)));
        });
        return line + hops(scheduled, stages) + slowest(scheduled, stages, 5);
    }

    /**
     * Each hop on its own, event by event, from the scheduled send through the stages after ingest (ingest answers
     * while intent-service already applies, so its answer is no hop of the path): the sum of two stages' p99s says
     * little about the p99 of the step between them, and a slow hop hides behind the queue before it.
     */
    private String hops(Map<String, Long> scheduled, Map<String, Map<String, Long>> stages) {
        List<String> path = stages.keySet().stream().filter(name -> !name.equals("ingest answered")).toList();
        StringBuilder line = new StringBuilder(String.format("%n  each hop on its own (ms, p50 / p99 / max):"));
        for (int i = 0; i < path.size(); i++) {
            Map<String, Long> to = stages.get(path.get(i));
            Map<String, Long> from = i == 0 ? null : stages.get(path.get(i - 1));
            List<Double> spans = new ArrayList<>();
            scheduled.forEach((id, nanos) -> {
                Long end = to.get(id);
                Long start = from == null ? Long.valueOf(micros(nanos)) : from.get(id);
                if (end != null && start != null) {
                    spans.add((end - start) / 1000.0);
                }
            });
            double[] sorted = spans.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            line.append(String.format(" %s → %s %.1f / %.1f / %.1f;", i == 0 ? "sent" : path.get(i - 1), path.get(i),
                    percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
        }
        return line.toString();
    }

    /**
     * The slowest events stage by stage, and when in the window each was sent: a stall shows as slow events sent
     * close together, all late from the same stage on.
     */
    private String slowest(Map<String, Long> scheduled, Map<String, Map<String, Long>> stages, int count) {
        Map<String, Long> received = stages.get("received by the merchant");
        long first = scheduled.values().stream().mapToLong(Long::longValue).min().orElse(0);
        StringBuilder lines = new StringBuilder();
        scheduled.keySet().stream().filter(received::containsKey)
                .sorted((a, b) -> Long.compare(received.get(b) - micros(scheduled.get(b)), received.get(a) - micros(scheduled.get(a))))
                .limit(count)
                .forEach(id -> {
                    long sent = micros(scheduled.get(id));
                    lines.append(String.format("%n  slow: sent at +%.1f s:", (scheduled.get(id) - first) / 1e9));
                    stages.forEach((name, at) -> {
                        Long micros = at.get(id);
                        lines.append(micros == null ? String.format(" %s -;", name)
                                : String.format(" %s %.1f;", name, (micros - sent) / 1000.0));
                    });
                });
        return lines.toString();
    }

    private Map<String, Long> nanosToMicros(Map<String, Long> nanos) {
        Map<String, Long> micros = new LinkedHashMap<>();
        nanos.forEach((id, at) -> micros.put(id, micros(at)));
        return micros;
    }

    private Map<String, Long> query(String database, String sql, String[] ids) throws SQLException {
        Map<String, Long> at = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(jdbcBase + database, user, "");
                PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setArray(1, db.createArrayOf("text", ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    at.putIfAbsent(rows.getString(1), toMicros(rows.getTimestamp(2).toInstant()));
                }
            }
        }
        return at;
    }

    private static long toMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
