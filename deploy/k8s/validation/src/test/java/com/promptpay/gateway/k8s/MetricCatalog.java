package com.promptpay.gateway.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * deploy/observability/metrics.txt: the metric families the dashboard and the alert rules may read, with their
 * Prometheus type, the services exposing them and their labels. Malformed lines are errors, not skipped: a catalog
 * that silently lost a line would let the expressions naming it pass unchecked.
 */
final class MetricCatalog {

    enum Type { COUNTER, GAUGE, HISTOGRAM, SUMMARY }

    /** {@code services} empty means every gateway service exposes it. */
    record Family(String name, Type type, Set<String> services, Set<String> labels) {

        boolean everyService() {
            return services.isEmpty();
        }
    }

    static final Set<String> SERVICES = GatewayContract.SERVICES.stream().map(GatewayContract.ServiceSpec::name)
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Family> families;

    private MetricCatalog(Map<String, Family> families) {
        this.families = families;
    }

    static MetricCatalog load(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetricCatalog parse(List<String> lines, String source) {
        Map<String, Family> families = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] columns = line.split("\\s+");
            if (columns.length != 4) {
                errors.add(where + "expected <family> <type> <services> <labels>, got " + columns.length + " column(s)");
                continue;
            }
            String name = columns[0];
            if (!NAME.matcher(name).matches()) {
                errors.add(where + "not a metric name: " + name);
                continue;
            }
            Type type;
            try {
                type = Type.valueOf(columns[1].toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(where + "unknown type " + columns[1] + " (counter, gauge, histogram, summary)");
                continue;
            }
            // The exposition format's own rules: counters end in _total; histogram and summary families are named
            // without the sample suffixes, which only exist per sample.
            if (type == Type.COUNTER && !name.endsWith("_total")) {
                errors.add(where + "counter " + name + " must end in _total, as Micrometer exposes it");
            }
            if ((type == Type.HISTOGRAM || type == Type.SUMMARY)
                    && (name.endsWith("_bucket") || name.endsWith("_count") || name.endsWith("_sum"))) {
                errors.add(where + name + ": list the " + columns[1] + " family without its _bucket/_count/_sum suffix");
            }
            Set<String> services = new LinkedHashSet<>();
            if (!columns[2].equals("*")) {
                for (String service : columns[2].split(",")) {
                    if (!SERVICES.contains(service)) {
                        errors.add(where + "unknown service " + service + " (one of " + new TreeSet<>(SERVICES) + " or *)");
                    }
                    services.add(service);
                }
            }
            Set<String> labels = new LinkedHashSet<>();
            if (!columns[3].equals("-")) {
                for (String label : columns[3].split(",")) {
                    if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                        errors.add(where + "not a label name: " + label);
                    }
                    if (PromQlCheck.TARGET_LABELS.contains(label) || label.equals("le")) {
                        errors.add(where + "label " + label + " is added by Prometheus (or implied), do not list it");
                    }
                    labels.add(label);
                }
            }
            if (families.put(name, new Family(name, type, Set.copyOf(services), Set.copyOf(labels))) != null) {
                errors.add(where + "duplicate family " + name);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        if (families.isEmpty()) {
            throw new IllegalArgumentException(source + ": no metric family listed");
        }
        return new MetricCatalog(Map.copyOf(families));
    }

    Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    Set<String> names() {
        return families.keySet();
    }
}
