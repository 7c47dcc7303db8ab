package com.promptpay.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * deploy/observability/metrics.txt: every metric family the dashboards and alert rules read, its type, the
 * services exposing it and its labels. Read here to hold the running services to it.
 */
final class MetricCatalog {

    static final Path FILE = Path.of("deploy/observability/metrics.txt");

    private MetricCatalog() {
    }

    /** One line of the catalog; {@code services} already expanded from {@code *}. */
    record Family(String name, String type, List<String> services, Set<String> labels) {

        /** How {@code service}'s scrape departs from this entry, one message per departure; empty when it matches. */
        List<String> mismatches(String service, ServiceMetrics.Scrape scrape) {
            String where = service + ": " + name;
            String declared = scrape.types().get(name);
            if (declared == null) {
                return List.of(where + " has no '# TYPE " + name + " " + type + "' line");
            }
            if (!declared.equals(type)) {
                return List.of(where + " is a " + declared + ", catalogued as a " + type);
            }
            List<String> sampleNames = switch (type) {
                case "histogram" -> List.of(name + "_bucket", name + "_count", name + "_sum");
                case "summary" -> List.of(name + "_count", name + "_sum");
                default -> List.of(name);
            };
            Set<Set<String>> labelSets = new HashSet<>();
            for (ServiceMetrics.Sample sample : scrape.samples()) {
                if (sampleNames.contains(sample.name())) {
                    Set<String> labels = new TreeSet<>(sample.labels().keySet());
                    labels.remove("le");
                    labelSets.add(labels);
                }
            }
            if (!labelSets.contains(labels)) {
                return List.of(where + " has no sample labelled exactly " + new TreeSet<>(labels)
                        + (labelSets.isEmpty() ? " (no samples at all)" : " (its samples carry " + labelSets + ")"));
            }
            return List.of();
        }
    }

    static List<Family> read(Path repositoryRoot) {
        List<String> lines;
        try {
            lines = Files.readAllLines(repositoryRoot.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Family> families = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.trim().split("\\s+");
            if (columns.length != 4) {
                throw new IllegalArgumentException(FILE + ": not '<family> <type> <services> <labels>': " + line);
            }
            List<String> services = columns[2].equals("*") ? List.copyOf(new TreeSet<>(ServiceMetrics.SERVICES.keySet()))
                    : List.of(columns[2].split(","));
            Set<String> labels = columns[3].equals("-") ? Set.of() : Set.of(columns[3].split(","));
            families.add(new Family(columns[0], columns[1], services, labels));
        }
        return families;
    }
}
