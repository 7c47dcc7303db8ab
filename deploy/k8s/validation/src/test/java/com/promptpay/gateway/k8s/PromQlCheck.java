package com.promptpay.gateway.k8s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small PromQL checker: promtool is not on Maven Central, no PromQL parser resolved from it, and what
 * breaks our expressions in practice is not grammar but names. It tokenizes, checks that brackets balance and every
 * function is a PromQL function, and holds every selector to {@link MetricCatalog}: the family exists, its labels
 * exist, the {@code job} it is read from exposes it, counters and histogram samples only under
 * {@code rate}/{@code increase}, {@code _bucket} only of histograms and under {@code histogram_quantile}. Anything it
 * cannot read is an error.
 */
final class PromQlCheck {

    /** Labels every scraped series carries besides its own (see the scrape configurations in the README). */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod");

    /** Series Prometheus writes itself for each target; no service exposes them, so they are not in the catalog. */
    private static final Map<String, Set<String>> SCRAPE_SERIES = Map.of("up", Set.of());

    /** Grafana's own variables, valid in dashboard queries besides the dashboard's template variables. */
    private static final Set<String> GRAFANA_BUILTINS = Set.of("__rate_interval", "__interval", "__range");

    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "group", "stddev", "stdvar",
            "topk", "bottomk", "quantile", "count_values");
    private static final Set<String> FUNCTIONS = union(AGGREGATIONS, Set.of("abs", "absent", "absent_over_time", "ceil",
            "changes", "clamp", "clamp_max", "clamp_min", "day_of_month", "day_of_week", "days_in_month", "delta", "deriv",
            "exp", "floor", "histogram_quantile", "hour", "idelta", "increase", "irate", "label_join", "label_replace",
            "ln", "log2", "log10", "minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn",
            "sort", "sort_desc", "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time",
            "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
            "stdvar_over_time", "last_over_time", "present_over_time"));
    private static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = union(GROUPING, Set.of("and", "or", "unless", "bool", "offset"));

    private static final String DURATION = "(?:\\d+(?:ms|[smhdwy]))+";
    private static final Pattern DURATION_TOKEN = Pattern.compile(DURATION);
    private static final Pattern PLAIN_ALTERNATION = Pattern.compile("[a-z0-9-]+(?:\\|[a-z0-9-]+)*");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$(?:\\{([A-Za-z_]\\w*)(?::\\w+)?}|([A-Za-z_]\\w*))");

    enum Kind { IDENT, STRING, NUMBER, DURATION, RANGE, VARIABLE, OP, LPAREN, RPAREN, LBRACE, RBRACE, COMMA }

    record Token(Kind kind, String text, int at) {
    }

    /** One {@code metric{matchers}} occurrence, with the functions around it, innermost last. */
    record Selector(String name, Map<String, List<LabelMatcher>> matchers, List<String> enclosing, boolean ranged, int from, int to,
            String canonical) {
    }

    record LabelMatcher(String op, String value) {
    }

    /** What an expression did wrong, and which catalog families it reads. */
    record Result(List<String> errors, Set<String> families) {
    }

    /** {@code grafanaVariables} null for Prometheus rules (no variables at all), else the dashboard's variable names. */
    static Result check(String expr, MetricCatalog catalog, Set<String> grafanaVariables) {
        Set<String> families = new HashSet<>();
        List<Token> tokens;
        try {
            tokens = tokenize(expr, grafanaVariables);
        } catch (IllegalArgumentException e) {
            return new Result(List.of(e.getMessage()), families);
        }
        if (tokens.isEmpty()) {
            return new Result(List.of("empty expression"), families);
        }
        List<String> errors = parse(tokens, catalog, grafanaVariables, families);
        return new Result(List.copyOf(errors), Set.copyOf(families));
    }

    private static List<String> parse(List<Token> tokens, MetricCatalog catalog, Set<String> grafanaVariables,
            Set<String> families) {
        List<String> errors = new ArrayList<>();
        List<Selector> selectors = new ArrayList<>();
        Set<String> groupingLabels = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            switch (t.kind()) {
                case IDENT -> {
                    String word = t.text();
                    if (GROUPING.contains(word)) {
                        if (next != null && next.kind() == Kind.LPAREN) {
                            i = labelList(tokens, i + 1, groupingLabels, errors);
                        } else if (!word.startsWith("group_")) {
                            errors.add("'" + word + "' needs a label list in parentheses");
                        }
                    } else if (word.equals("offset")) {
                        if (next == null || next.kind() != Kind.DURATION) {
                            errors.add("'offset' needs a duration");
                        } else {
                            i++;
                        }
                    } else if (KEYWORDS.contains(word)) {
                        // a binary operator keyword
                    } else if (AGGREGATIONS.contains(word) && next != null && next.kind() == Kind.IDENT
                            && (next.text().equals("by") || next.text().equals("without"))) {
                        if (i + 2 >= tokens.size() || tokens.get(i + 2).kind() != Kind.LPAREN) {
                            errors.add("'" + next.text() + "' needs a label list in parentheses");
                            return errors;
                        }
                        i = labelList(tokens, i + 2, groupingLabels, errors);
                        if (i + 1 >= tokens.size() || tokens.get(i + 1).kind() != Kind.LPAREN) {
                            errors.add(word + " " + next.text() + " (…) must be followed by its argument in parentheses");
                            return errors;
                        }
                        stack.push(word);
                        i++;
                    } else if (next != null && next.kind() == Kind.LPAREN) {
                        if (!FUNCTIONS.contains(word)) {
                            errors.add("unknown function " + word + "()");
                        }
                        stack.push(word);
                        i++;
                    } else {
                        i = selector(tokens, i, stack, selectors, errors);
                    }
                }
                case LPAREN -> stack.push("");
                case RPAREN -> {
                    if (stack.isEmpty()) {
                        errors.add("unbalanced ')' at " + t.at());
                        return errors;
                    }
                    stack.pop();
                    if (next != null && next.kind() == Kind.RANGE) {
                        if (!next.text().contains(":")) {
                            errors.add("a range [" + next.text() + "] after ')' must be a subquery [range:step]");
                        }
                        i++;
                    }
                }
                case LBRACE -> {
                    errors.add("a selector without a metric name at " + t.at() + " (not checkable against the catalog)");
                    return errors;
                }
                case RBRACE, COMMA -> {
                    if (t.kind() == Kind.RBRACE || stack.isEmpty()) {
                        errors.add("unexpected '" + t.text() + "' at " + t.at());
                        return errors;
                    }
                }
                case RANGE -> errors.add("a range [" + t.text() + "] that follows neither a selector nor ')'");
                case DURATION -> errors.add("a duration " + t.text() + " outside a range or offset");
                case STRING -> {
                    if (stack.isEmpty() || !stack.peek().equals("label_replace") && !stack.peek().equals("label_join")
                            && !stack.peek().equals("count_values")) {
                        errors.add("a string " + t.text() + " outside a label matcher");
                    }
                }
                case NUMBER, OP, VARIABLE -> {
                }
            }
        }
        if (!stack.isEmpty()) {
            errors.add("unbalanced '(': " + stack.size() + " left open");
        }
        Set<Selector> idiom = newSeriesIdiom(tokens, selectors);
        Set<String> familyLabels = new HashSet<>(TARGET_LABELS);
        boolean anyBucket = false;
        for (Selector s : selectors) {
            anyBucket |= s.name().endsWith("_bucket");
            checkSelector(s, idiom.contains(s), catalog, grafanaVariables != null, familyLabels, errors)
                    .ifPresent(families::add);
        }
        if (anyBucket) {
            familyLabels.add("le");
            if (!groupingLabels.contains("le")) {
                errors.add("_bucket series aggregated without keeping le: histogram_quantile needs 'by (le, …)'");
            }
        }
        for (String label : groupingLabels) {
            if (!familyLabels.contains(label)) {
                errors.add("grouping label " + label + " is a label of none of the metrics in the expression");
            }
        }
        return errors;
    }

    /**
     * The raw counters of {@code x unless x offset d}: "this series did not exist d ago", which is how a rule sees the
     * first increment of a counter that is created by it (increase() cannot).
     */
    private static Set<Selector> newSeriesIdiom(List<Token> tokens, List<Selector> selectors) {
        Set<Selector> idiom = new HashSet<>();
        for (int a = 0; a + 1 < selectors.size(); a++) {
            Selector left = selectors.get(a);
            Selector right = selectors.get(a + 1);
            boolean unlessBetween = right.from() == left.to() + 1 && tokens.get(left.to()).text().equals("unless");
            boolean offsetAfter = right.to() < tokens.size() && tokens.get(right.to()).text().equals("offset");
            if (unlessBetween && offsetAfter && left.canonical().equals(right.canonical()) && !left.ranged()) {
                idiom.add(left);
                idiom.add(right);
            }
        }
        return idiom;
    }

    /** Returns the catalog family the selector reads, if it reads one. */
    private static Optional<String> checkSelector(Selector s, boolean newSeriesIdiom, MetricCatalog catalog, boolean grafana,
            Set<String> familyLabels, List<String> errors) {
        String name = s.name();
        Optional<MetricCatalog.Family> exact = catalog.family(name);
        String suffix = "";
        MetricCatalog.Family family = exact.orElse(null);
        if (family == null) {
            for (String candidate : List.of("_bucket", "_count", "_sum")) {
                if (name.endsWith(candidate)) {
                    Optional<MetricCatalog.Family> base = catalog.family(name.substring(0, name.length() - candidate.length()));
                    if (base.isPresent()) {
                        family = base.get();
                        suffix = candidate;
                    }
                }
            }
        }
        Set<String> labels;
        boolean counterLike;
        if (family != null) {
            MetricCatalog.Type type = family.type();
            if (suffix.equals("_bucket") && type != MetricCatalog.Type.HISTOGRAM) {
                errors.add(name + ": " + family.name() + " is a " + type.name().toLowerCase() + ", it has no _bucket series");
                return Optional.empty();
            }
            if (!suffix.isEmpty() && type != MetricCatalog.Type.HISTOGRAM && type != MetricCatalog.Type.SUMMARY) {
                errors.add(name + ": " + family.name() + " is a " + type.name().toLowerCase() + ", it has no " + suffix + " series");
                return Optional.empty();
            }
            if (suffix.isEmpty() && (type == MetricCatalog.Type.HISTOGRAM || type == MetricCatalog.Type.SUMMARY)) {
                errors.add(name + " is a " + type.name().toLowerCase() + " family: read its _count/_sum"
                        + (type == MetricCatalog.Type.HISTOGRAM ? "/_bucket" : "") + " series");
                return Optional.empty();
            }
            labels = family.labels();
            counterLike = type == MetricCatalog.Type.COUNTER || !suffix.isEmpty();
        } else if (SCRAPE_SERIES.containsKey(name)) {
            labels = SCRAPE_SERIES.get(name);
            counterLike = false;
        } else {
            errors.add("unknown metric " + name + ": not a family (or _bucket/_count/_sum of one) in metrics.txt");
            return Optional.empty();
        }
        familyLabels.addAll(labels);
        String innermost = s.enclosing().isEmpty() ? "" : s.enclosing().get(s.enclosing().size() - 1);
        if (counterLike && !newSeriesIdiom && !(COUNTER_FUNCTIONS.contains(innermost) && s.ranged())) {
            errors.add(name + " only ever grows: read it through rate()/irate()/increase() over a range");
        }
        if (!counterLike && COUNTER_FUNCTIONS.contains(innermost)) {
            errors.add(name + " is a gauge: " + innermost + "() of it is meaningless (deriv()/delta() are for gauges)");
        }
        if (suffix.equals("_bucket") && !s.enclosing().contains("histogram_quantile")) {
            errors.add(name + " outside histogram_quantile()");
        }
        for (String label : s.matchers().keySet()) {
            boolean known = labels.contains(label) || TARGET_LABELS.contains(label)
                    || label.equals("le") && suffix.equals("_bucket");
            if (!known) {
                errors.add(name + ": no label " + label + " (its labels: " + labels + " plus " + TARGET_LABELS + ")");
            }
        }
        List<LabelMatcher> jobs = s.matchers().getOrDefault("job", List.of());
        if (family != null && family.everyService() && jobs.stream().noneMatch(j -> !j.op().startsWith("!"))) {
            errors.add(name + " is exposed by every service: select one with job=\"…\" or job=~\"…\"");
        }
        for (LabelMatcher job : jobs) {
            if (!PLAIN_ALTERNATION.matcher(job.value()).matches()) {
                errors.add(name + ": job matcher \"" + job.value() + "\" must name services (a|b|c), not a pattern");
                continue;
            }
            for (String service : job.value().split("\\|")) {
                if (!MetricCatalog.SERVICES.contains(service)) {
                    errors.add(name + ": job " + service + " is not a gateway service");
                } else if (family != null && !family.everyService() && !job.op().startsWith("!")
                        && !family.services().contains(service)) {
                    errors.add(name + " is not exposed by " + service + " (metrics.txt: " + family.services() + ")");
                }
            }
        }
        if (grafana && labels.contains("merchant")) {
            if (!s.matchers().getOrDefault("merchant", List.of()).contains(new LabelMatcher("=~", "$merchant"))) {
                errors.add(name + " has a merchant label: filter it with merchant=~\"$merchant\" like the rest of the dashboard");
            }
        }
        return Optional.ofNullable(family).map(MetricCatalog.Family::name);
    }

    /** Parses {@code ( label, label )} starting at the '(' at {@code open}; returns the index of its ')'. */
    private static int labelList(List<Token> tokens, int open, Set<String> into, List<String> errors) {
        int i = open + 1;
        boolean expectLabel = true;
        for (; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.RPAREN) {
                return i;
            }
            if (expectLabel && t.kind() == Kind.IDENT) {
                into.add(t.text());
                expectLabel = false;
            } else if (!expectLabel && t.kind() == Kind.COMMA) {
                expectLabel = true;
            } else {
                errors.add("unexpected " + t.text() + " in a label list at " + t.at());
            }
        }
        errors.add("label list opened at " + tokens.get(open).at() + " is not closed");
        return tokens.size() - 1;
    }

    /** Parses a selector starting at the metric name; returns the index of its last token. */
    private static int selector(List<Token> tokens, int start, Deque<String> stack, List<Selector> into, List<String> errors) {
        String name = tokens.get(start).text();
        Map<String, List<LabelMatcher>> matchers = new LinkedHashMap<>();
        int i = start + 1;
        StringBuilder canonical = new StringBuilder(name);
        if (i < tokens.size() && tokens.get(i).kind() == Kind.LBRACE) {
            i++;
            while (i < tokens.size() && tokens.get(i).kind() != Kind.RBRACE) {
                if (i + 2 >= tokens.size() || tokens.get(i).kind() != Kind.IDENT || tokens.get(i + 1).kind() != Kind.OP
                        || !Set.of("=", "!=", "=~", "!~").contains(tokens.get(i + 1).text())
                        || tokens.get(i + 2).kind() != Kind.STRING) {
                    errors.add(name + ": malformed label matcher at " + tokens.get(Math.min(i, tokens.size() - 1)).at());
                    return tokens.size() - 1;
                }
                String label = tokens.get(i).text();
                LabelMatcher m = new LabelMatcher(tokens.get(i + 1).text(), unquote(tokens.get(i + 2).text()));
                matchers.computeIfAbsent(label, l -> new ArrayList<>()).add(m);
                i += 3;
                if (i < tokens.size() && tokens.get(i).kind() == Kind.COMMA) {
                    i++;
                }
            }
            if (i >= tokens.size()) {
                errors.add(name + ": '{' is not closed");
                return tokens.size() - 1;
            }
            canonical.append(new TreeMap<>(matchers));
            i++; // past '}'
        }
        boolean ranged = false;
        if (i < tokens.size() && tokens.get(i).kind() == Kind.RANGE) {
            ranged = true;
            i++;
        }
        List<String> enclosing = new ArrayList<>(stack);
        Collections.reverse(enclosing);
        enclosing.removeIf(String::isEmpty);
        into.add(new Selector(name, matchers, List.copyOf(enclosing), ranged, start, i, canonical.toString()));
        return i - 1;
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1).replace("\\\\", "\\").replace("\\\"", "\"");
    }

    static List<Token> tokenize(String expr, Set<String> grafanaVariables) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i++;
                while (i < n && expr.charAt(i) != c) {
                    i += expr.charAt(i) == '\\' && c != '`' ? 2 : 1;
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated string starting at " + start);
                }
                String literal = expr.substring(start, ++i);
                checkVariables(literal, start, grafanaVariables, true);
                tokens.add(new Token(Kind.STRING, literal, start));
            } else if (c == '[') {
                int close = expr.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unbalanced '[' at " + i);
                }
                String range = expr.substring(i + 1, close).strip();
                String window = "(?:" + DURATION + (grafanaVariables != null ? "|\\$__rate_interval|\\$__interval|\\$__range" : "") + ")";
                if (!range.matches(window + "(?:\\s*:\\s*(?:" + DURATION + ")?)?")) {
                    throw new IllegalArgumentException("not a range or subquery: [" + range + "] at " + i);
                }
                tokens.add(new Token(Kind.RANGE, range, i));
                i = close + 1;
            } else if (c == ']') {
                throw new IllegalArgumentException("unbalanced ']' at " + i);
            } else if (c == '$') {
                Matcher m = VARIABLE_USE.matcher(expr).region(i, n);
                if (!m.lookingAt()) {
                    throw new IllegalArgumentException("stray '$' at " + i);
                }
                checkVariables(m.group(), i, grafanaVariables, false);
                tokens.add(new Token(Kind.VARIABLE, m.group(), i));
                i = m.end();
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
                String literal = expr.substring(start, i);
                if (DURATION_TOKEN.matcher(literal).matches()) {
                    tokens.add(new Token(Kind.DURATION, literal, start));
                } else if (literal.matches("\\d*\\.?\\d+(?:[eE]\\d+)?")) {
                    tokens.add(new Token(Kind.NUMBER, literal, start));
                } else {
                    throw new IllegalArgumentException("neither a number nor a duration: " + literal + " at " + start);
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, expr.substring(start, i), start));
            } else {
                String two = i + 1 < n ? expr.substring(i, i + 2) : "";
                if (Set.of("==", "!=", "<=", ">=", "=~", "!~").contains(two)) {
                    tokens.add(new Token(Kind.OP, two, i));
                    i += 2;
                    continue;
                }
                Kind kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '{' -> Kind.LBRACE;
                    case '}' -> Kind.RBRACE;
                    case ',' -> Kind.COMMA;
                    case '+', '-', '*', '/', '%', '^', '<', '>', '=' -> Kind.OP;
                    default -> throw new IllegalArgumentException("unexpected character '" + c + "' at " + i);
                };
                tokens.add(new Token(kind, String.valueOf(c), i));
                i++;
            }
        }
        return tokens;
    }

    private static void checkVariables(String text, int at, Set<String> grafanaVariables, boolean insideString) {
        Matcher m = VARIABLE_USE.matcher(text);
        while (m.find()) {
            String variable = m.group(1) != null ? m.group(1) : m.group(2);
            if (grafanaVariables == null) {
                // A regex anchor ("…$") is not a variable; a named one in a rule is a leftover from a dashboard.
                throw new IllegalArgumentException("Grafana variable $" + variable + " in a Prometheus rule at " + at);
            }
            if (!grafanaVariables.contains(variable) && !GRAFANA_BUILTINS.contains(variable)) {
                throw new IllegalArgumentException("undefined dashboard variable $" + variable + " at " + at
                        + (insideString ? " (in a string)" : ""));
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private PromQlCheck() {
    }
}
