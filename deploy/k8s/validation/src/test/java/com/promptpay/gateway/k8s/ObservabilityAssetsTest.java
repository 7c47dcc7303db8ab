package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/observability: the dashboard and the alert rules parse, are complete, read only the metric families of
 * metrics.txt (so a renamed metric or a typo fails here, not silently on a blank panel or a rule that never fires),
 * and every alert has its runbook in the README. Each check is also fed a copy broken in one way and must say so.
 */
class ObservabilityAssetsTest {

    private static final Path DIR = Locations.repoRoot().resolve("deploy/observability");
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final MetricCatalog CATALOG = MetricCatalog.load(DIR.resolve("metrics.txt"));

    private static final String RUNBOOK_BASE = "https://git.example.com/promptpay/gateway/blob/main/deploy/observability/README.md#";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");
    private static final Set<String> RULE_KEYS = Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|[smhdwy]))+");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_]\\w*)\\s*\\)");

    // ------------------------------------------------------------ the real files

    @Test
    void dashboardIsCompleteAndReadsOnlyCatalogMetrics() {
        List<String> problems = dashboardProblems(dashboard());
        assertTrue(problems.isEmpty(), "grafana/payment-gateway.json:\n" + String.join("\n", problems));
    }

    @Test
    void dashboardHasTheRowsOfIssue11() {
        List<String> rows = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                rows.add(panel.path("title").asText());
            }
        }
        assertTrue(rows.containsAll(List.of("Payment funnel", "Intent API", "Outbox & Kafka", "Stripe webhooks",
                "Merchant delivery health", "Checkout")), "rows: " + rows);
        assertEquals(39, dashboard().path("schemaVersion").asInt(), "schemaVersion");
    }

    @Test
    void alertRulesAreCompleteReadOnlyCatalogMetricsAndHaveRunbooks() {
        List<String> problems = alertProblems(alerts(), readme());
        assertTrue(problems.isEmpty(), "prometheus/alerts.yml:\n" + String.join("\n", problems));
    }

    @Test
    void theAlertsIssue11AsksForExist() {
        Set<String> names = alertRules(alerts()).keySet();
        for (String required : List.of("OutboxBacklogGrowing", "OutboxPublishFailing", "KafkaConsumerLagHigh",
                "MerchantDeliveryFailuresHigh", "MerchantDeliveryBacklogGrowing", "WebhookEndpointsDisabled",
                "EventToMerchantLatencyHigh", "StripeErrorRateHigh", "StripeWebhookSignatureFailuresSpike",
                "StripeWebhooksUnavailable", "IntentApi5xx", "ServiceDown")) {
            assertTrue(names.contains(required), "missing alert " + required + " (have " + names + ")");
        }
    }

    /** The README turns the rule file into a PrometheusRule by indenting it under spec:, which only works for this shape. */
    @Test
    void ruleFileIndentedUnderSpecIsThePrometheusRuleOfTheReadme() throws IOException {
        String rules = Files.readString(DIR.resolve("prometheus/alerts.yml"));
        assertTrue(readme().contains("sed 's/^/  /'"), "the README's PrometheusRule recipe changed: adapt this test");
        String wrapped = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: promptpay-gateway\nspec:\n"
                + rules.lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
        List<ObjectNode> documents = Yaml.readDocuments(wrapped, "alerts.yml wrapped as a PrometheusRule");
        assertEquals(1, documents.size(), "documents");
        ObjectNode rule = documents.get(0);
        assertEquals(alerts().get("groups"), rule.path("spec").path("groups"));
        assertEquals(Set.of("groups"), fieldNames(rule.path("spec")));
    }

    @Test
    void readmeCatalogTableAgreesWithMetricsTxt() {
        Map<String, List<String>> table = catalogTable(readme());
        assertEquals(new TreeSet<>(CATALOG.names()), new TreeSet<>(table.keySet()), "README table vs metrics.txt");
        for (Map.Entry<String, List<String>> row : table.entrySet()) {
            MetricCatalog.Family family = CATALOG.family(row.getKey()).orElseThrow();
            List<String> cells = row.getValue();
            assertEquals(family.type().name().toLowerCase(), cells.get(1), row.getKey() + ": type");
            Set<String> services = family.everyService() ? Set.of("all four") : family.services();
            assertEquals(services, Set.of(cells.get(2).split(",\\s*")), row.getKey() + ": services");
            assertEquals(family.labels(), backticked(cells.get(3)), row.getKey() + ": labels");
        }
    }

    /** metrics.txt is what an end-to-end check holds the services to: a family nothing reads is noise there. */
    @Test
    void everyCatalogFamilyIsReadByTheDashboardOrARule() {
        Set<String> read = new HashSet<>();
        JsonNode dashboard = dashboard();
        Set<String> variables = variables(dashboard);
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                read.addAll(PromQlCheck.check(target.path("expr").asText(), CATALOG, variables).families());
            }
        }
        for (JsonNode rule : alertRules(alerts()).values()) {
            read.addAll(PromQlCheck.check(rule.path("expr").asText(), CATALOG, null).families());
        }
        Set<String> unread = new TreeSet<>(CATALOG.names());
        unread.removeAll(read);
        assertTrue(unread.isEmpty(), "in metrics.txt but read by nothing: " + unread);
    }

    // ------------------------------------------------------------ the dashboard checks, fed broken copies

    @Test
    void panelWithoutDatasourceIsRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Outbox backlog")).remove("datasource"),
                "Outbox backlog: datasource must be {type: prometheus, uid: ${datasource}}");
    }

    @Test
    void panelWithAHardcodedDatasourceIsRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Outbox backlog").path("datasource")).put("uid", "P1809F7CD0C75ACF3"),
                "Outbox backlog: datasource must be {type: prometheus, uid: ${datasource}}");
    }

    @Test
    void panelWithoutQueriesIsRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Attempts in flight")).putArray("targets"),
                "Attempts in flight: no targets");
    }

    @Test
    void targetWithoutExprIsRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Attempts in flight").path("targets").get(0)).remove("expr"),
                "Attempts in flight: target A has no expr");
    }

    @Test
    void misspelledMetricInAPanelIsRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Outbox backlog").path("targets").get(0))
                        .put("expr", "max(gateway_outbox_backlogg)"),
                "Outbox backlog [A]: unknown metric gateway_outbox_backlogg");
    }

    @Test
    void overlappingPanelsAreRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Attempts by outcome").path("gridPos")).put("x", 4),
                "overlap");
    }

    @Test
    void duplicatePanelIdsAreRejected() {
        assertDashboardViolation(d -> ((ObjectNode) panel(d, "Attempts by outcome")).put("id",
                panel(d, "Outbox backlog").path("id").asInt()), "duplicate panel id");
    }

    @Test
    void merchantVariableOverAnUnknownMetricIsRejected() {
        assertDashboardViolation(d -> {
            ObjectNode merchant = (ObjectNode) d.at("/templating/list/1");
            ((ObjectNode) merchant.path("query")).put("query", "label_values(gateway_intents_creat_total, merchant)");
        }, "variable merchant: label_values over unknown metric gateway_intents_creat_total");
    }

    // ------------------------------------------------------------ the alert checks, fed broken copies

    @Test
    void alertWithoutForIsRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "OutboxBacklogGrowing")).remove("for"),
                "OutboxBacklogGrowing: for must be a duration");
    }

    @Test
    void alertWithAnUnknownSeverityIsRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "ServiceDown").path("labels")).put("severity", "page"),
                "ServiceDown: severity must be one of");
    }

    @Test
    void alertWithoutSummaryIsRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "IntentApi5xx").path("annotations")).remove("summary"),
                "IntentApi5xx: no summary annotation");
    }

    @Test
    void alertWhoseRunbookHeadingIsMissingIsRejected() {
        List<String> problems = alertProblems(alerts(), readme().replace("### StripeWebhooksUnavailable\n", ""));
        assertTrue(problems.stream().anyMatch(p -> p.contains("StripeWebhooksUnavailable: runbook_url anchor "
                + "#stripewebhooksunavailable has no '### ' heading under ## Runbooks")), problems.toString());
    }

    @Test
    void runbookWithoutAnAlertIsRejected() {
        List<String> problems = alertProblems(alerts(), readme() + "\n### OutboxOnFire\n\n**Means:** x\n");
        assertTrue(problems.stream().anyMatch(p -> p.contains("runbook OutboxOnFire has no alert")), problems.toString());
    }

    @Test
    void runbookUrlOutsideTheReadmeIsRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "ServiceDown").path("annotations"))
                        .put("runbook_url", "https://wiki.example.com/ServiceDown"),
                "ServiceDown: runbook_url must be " + RUNBOOK_BASE + "<anchor>");
    }

    @Test
    void unknownRuleFieldIsRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "ServiceDown")).put("annotation", "x"),
                "ServiceDown: unknown field annotation");
    }

    @Test
    void duplicateAlertNamesAreRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "ServiceInstanceDown")).put("alert", "ServiceDown"),
                "duplicate alert ServiceDown");
    }

    @Test
    void alertReadingAnUncataloguedMetricIsRejected() {
        assertAlertViolation(a -> ((ObjectNode) rule(a, "StripeWebhooksUnavailable"))
                        .put("expr", "sum by (cause) (increase(gateway_webhook_unavailable_total[5m])) > 0"),
                "StripeWebhooksUnavailable: unknown metric gateway_webhook_unavailable_total");
    }

    // ------------------------------------------------------------ the PromQL checker itself

    @Test
    void promQlCheckerAcceptsWellFormedExpressions() {
        for (String expr : List.of(
                "sum by (job) (rate(http_server_requests_seconds_count{job=~\"intent-service|checkout-page-service\",status=~\"5..\"}[5m]))",
                "histogram_quantile(0.99, sum by (le, outcome) (rate(gateway_webhooks_publish_latency_seconds_bucket[5m])))",
                "deriv(max(gateway_dispatcher_backlog)[30m:1m]) > 0",
                "sum(x_new unless x_new offset 30m)".replace("x_new", "gateway_outbox_publish_failures_total"),
                "max(gateway_dispatcher_endpoints_disabled) - max(gateway_dispatcher_endpoints_disabled offset 1h) > 0",
                "absent(up{job=\"intent-service\"})")) {
            assertEquals(List.of(), PromQlCheck.check(expr, CATALOG, null).errors(), expr);
        }
    }

    @Test
    void promQlCheckerRejectsWhatWouldShowNothingOrTheWrongThing() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("rate(gateway_outbox_publishd_total[5m])", "unknown metric gateway_outbox_publishd_total");
        cases.put("rat(gateway_outbox_published_total[5m])", "unknown function rat()");
        cases.put("sum(rate(gateway_outbox_published_total[5m])", "unbalanced '('");
        cases.put("sum(rate(gateway_outbox_published_total[5m])))", "unbalanced ')'");
        cases.put("rate(gateway_outbox_published_total[5m)", "unbalanced '['");
        cases.put("histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))",
                "http_server_requests_seconds is a summary, it has no _bucket series");
        cases.put("rate(gateway_outbox_backlog_count[5m])", "gateway_outbox_backlog is a gauge, it has no _count series");
        cases.put("gateway_outbox_publish_lag_seconds", "is a histogram family: read its _count/_sum/_bucket series");
        cases.put("gateway_outbox_published_total > 0", "only ever grows");
        cases.put("sum(gateway_outbox_published_total unless gateway_outbox_published_total)", "only ever grows");
        cases.put("rate(gateway_outbox_backlog[5m])", "is a gauge: rate() of it is meaningless");
        cases.put("sum(rate(gateway_webhooks_unavailable_total{reason=\"kafka\"}[5m]))", "no label reason");
        cases.put("sum(rate(http_server_requests_seconds_count{job=\"intent\"}[5m]))", "job intent is not a gateway service");
        cases.put("sum(rate(gateway_outbox_published_total{job=\"checkout-page-service\"}[5m]))",
                "is not exposed by checkout-page-service");
        cases.put("sum(rate(http_server_requests_seconds_count[5m]))", "is exposed by every service");
        cases.put("sum(rate(http_server_requests_seconds_count{job=~\"intent.*\"}[5m]))", "must name services");
        cases.put("sum by (merchant) (rate(gateway_outbox_published_total[5m]))", "grouping label merchant");
        cases.put("histogram_quantile(0.9, sum(rate(gateway_outbox_publish_lag_seconds_bucket[5m])))", "without keeping le");
        cases.put("sum by (le) (rate(gateway_outbox_publish_lag_seconds_bucket[5m]))", "outside histogram_quantile()");
        cases.put("rate(gateway_outbox_published_total[5 m])", "not a range or subquery");
        cases.put("sum(rate(gateway_outbox_published_total[$__rate_interval]))", "not a range or subquery");
        cases.put("max(gateway_outbox_backlog)[5m]", "must be a subquery");
        cases.put("max(gateway_outbox_backlog offset)", "'offset' needs a duration");
        cases.put("max({job=\"intent-service\"})", "a selector without a metric name");
        cases.put("max(gateway_outbox_backlog{job=\"intent-service\")", "malformed label matcher");
        cases.put("sum(rate(gateway_intents_created_total{merchant=~\"$merchant\"}[5m]))", "in a Prometheus rule");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            List<String> errors = PromQlCheck.check(c.getKey(), CATALOG, null).errors();
            assertTrue(errors.stream().anyMatch(e -> e.contains(c.getValue())),
                    c.getKey() + "\n  expected an error containing: " + c.getValue() + "\n  got: " + errors);
        }
    }

    @Test
    void promQlCheckerHoldsDashboardQueriesToTheirVariables() {
        Set<String> variables = Set.of("datasource", "merchant");
        assertEquals(List.of(), PromQlCheck.check(
                "sum(rate(gateway_intents_created_total{merchant=~\"$merchant\"}[$__rate_interval]))", CATALOG, variables).errors());
        assertTrue(PromQlCheck.check("sum(rate(gateway_intents_created_total{merchant=~\"$merchnt\"}[5m]))", CATALOG, variables)
                .errors().stream().anyMatch(e -> e.contains("undefined dashboard variable $merchnt")));
        assertTrue(PromQlCheck.check("sum(rate(gateway_intents_created_total[$__rate_interval]))", CATALOG, variables)
                .errors().stream().anyMatch(e -> e.contains("filter it with merchant=~\"$merchant\"")));
    }

    @Test
    void catalogRejectsMalformedLines() {
        assertCatalogError("gateway_outbox_published counter intent-service -", "must end in _total");
        assertCatalogError("gateway_x_seconds_bucket histogram intent-service -", "without its _bucket/_count/_sum suffix");
        assertCatalogError("gateway_x_total counter intent - ", "unknown service intent");
        assertCatalogError("gateway_x_total counter intent-service", "expected <family> <type> <services> <labels>");
        assertCatalogError("gateway_x_total countr intent-service -", "unknown type countr");
        assertCatalogError("gateway_x_total counter intent-service job", "added by Prometheus");
        assertCatalogError("gateway_x_total counter * -\ngateway_x_total counter * -", "duplicate family gateway_x_total");
    }

    // ------------------------------------------------------------ checks

    static List<String> dashboardProblems(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        JsonNode variablesList = dashboard.path("templating").path("list");
        JsonNode datasourceVar = variable(variablesList, "datasource");
        if (datasourceVar == null || !datasourceVar.path("type").asText().equals("datasource")
                || !datasourceVar.path("query").asText().equals("prometheus")) {
            problems.add("variable datasource: must be of type datasource with query prometheus");
        }
        JsonNode merchantVar = variable(variablesList, "merchant");
        if (merchantVar == null) {
            problems.add("variable merchant: missing");
        } else {
            if (!isDatasourceVariable(merchantVar.path("datasource"))) {
                problems.add("variable merchant: datasource must be {type: prometheus, uid: ${datasource}}");
            }
            if (!merchantVar.path("includeAll").asBoolean() || !merchantVar.path("allValue").asText().equals(".*")) {
                problems.add("variable merchant: needs includeAll with allValue .* (the panels match merchant=~)");
            }
            String query = merchantVar.path("query").isObject() ? merchantVar.path("query").path("query").asText()
                    : merchantVar.path("query").asText();
            Matcher lv = LABEL_VALUES.matcher(query);
            if (!lv.matches()) {
                problems.add("variable merchant: query must be label_values(<metric>, merchant), is " + query);
            } else if (CATALOG.family(lv.group(1)).isEmpty()) {
                problems.add("variable merchant: label_values over unknown metric " + lv.group(1));
            } else if (!CATALOG.family(lv.group(1)).get().labels().contains(lv.group(2))) {
                problems.add("variable merchant: " + lv.group(1) + " has no label " + lv.group(2));
            }
        }
        Set<String> variables = variables(dashboard);
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        List<String> boxTitles = new ArrayList<>();
        boolean rowSeen = false;
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText("(untitled)");
            if (!ids.add(panel.path("id").asInt(-1))) {
                problems.add(title + ": duplicate panel id " + panel.path("id"));
            }
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(-1);
            int y = grid.path("y").asInt(-1);
            int w = grid.path("w").asInt(0);
            int h = grid.path("h").asInt(0);
            if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > 24) {
                problems.add(title + ": gridPos must lie within the 24-column grid, is " + grid);
            }
            for (int b = 0; b < boxes.size(); b++) {
                int[] o = boxes.get(b);
                if (x < o[0] + o[2] && o[0] < x + w && y < o[1] + o[3] && o[1] < y + h) {
                    problems.add(title + ": gridPos overlaps " + boxTitles.get(b));
                }
            }
            boxes.add(new int[] {x, y, w, h});
            boxTitles.add(title);
            if (panel.path("type").asText().equals("row")) {
                rowSeen = true;
                if (panel.path("collapsed").asBoolean() || !panel.path("panels").isEmpty()) {
                    problems.add(title + ": keep rows expanded, with their panels at the top level");
                }
                continue;
            }
            if (!rowSeen) {
                problems.add(title + ": every panel belongs to a row");
            }
            if (!isDatasourceVariable(panel.path("datasource"))) {
                problems.add(title + ": datasource must be {type: prometheus, uid: ${datasource}}");
            }
            JsonNode targets = panel.path("targets");
            if (!targets.isArray() || targets.isEmpty()) {
                problems.add(title + ": no targets");
                continue;
            }
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : targets) {
                String ref = target.path("refId").asText();
                if (ref.isEmpty() || !refIds.add(ref)) {
                    problems.add(title + ": target refId missing or repeated: '" + ref + "'");
                }
                if (target.has("datasource") && !isDatasourceVariable(target.path("datasource"))) {
                    problems.add(title + ": target " + ref + " has another datasource than ${datasource}");
                }
                String expr = target.path("expr").asText("");
                if (expr.isBlank()) {
                    problems.add(title + ": target " + ref + " has no expr");
                    continue;
                }
                for (String error : PromQlCheck.check(expr, CATALOG, variables).errors()) {
                    problems.add(title + " [" + ref + "]: " + error);
                }
            }
        }
        return problems;
    }

    static List<String> alertProblems(JsonNode ruleFile, String readme) {
        List<String> problems = new ArrayList<>();
        if (!fieldNames(ruleFile).equals(Set.of("groups")) || !ruleFile.path("groups").isArray()) {
            problems.add("the rule file's only top-level key must be groups (a list)");
            return problems;
        }
        Set<String> groupNames = new HashSet<>();
        Set<String> alertNames = new HashSet<>();
        Set<String> anchors = new HashSet<>();
        Map<String, String> runbooks = runbooks(readme);
        for (JsonNode group : ruleFile.path("groups")) {
            String groupName = group.path("name").asText();
            if (groupName.isBlank() || !groupNames.add(groupName)) {
                problems.add("group name missing or repeated: '" + groupName + "'");
            }
            if (!group.path("rules").isArray() || group.path("rules").isEmpty()) {
                problems.add("group " + groupName + ": no rules");
            }
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                if (!name.matches("[A-Z][A-Za-z0-9]+")) {
                    problems.add("group " + groupName + ": every rule is an alert named in CamelCase, got '" + name + "'");
                    continue;
                }
                if (!alertNames.add(name)) {
                    problems.add("duplicate alert " + name);
                }
                for (String field : fieldNames(rule)) {
                    if (!RULE_KEYS.contains(field)) {
                        problems.add(name + ": unknown field " + field + " (Prometheus refuses the file)");
                    }
                }
                if (!DURATION.matcher(rule.path("for").asText("")).matches()) {
                    problems.add(name + ": for must be a duration, is '" + rule.path("for").asText("") + "'");
                }
                String severity = rule.path("labels").path("severity").asText("");
                if (!SEVERITIES.contains(severity)) {
                    problems.add(name + ": severity must be one of " + new TreeSet<>(SEVERITIES) + ", is '" + severity + "'");
                }
                JsonNode annotations = rule.path("annotations");
                for (String annotation : List.of("summary", "description", "runbook_url")) {
                    if (annotations.path(annotation).asText("").isBlank()) {
                        problems.add(name + ": no " + annotation + " annotation");
                    } else if (!balancedTemplates(annotations.path(annotation).asText())) {
                        problems.add(name + ": unbalanced {{ }} in " + annotation);
                    }
                }
                String url = annotations.path("runbook_url").asText("");
                if (!url.startsWith(RUNBOOK_BASE) || url.length() == RUNBOOK_BASE.length()) {
                    problems.add(name + ": runbook_url must be " + RUNBOOK_BASE + "<anchor>, is '" + url + "'");
                } else {
                    String anchor = url.substring(RUNBOOK_BASE.length());
                    anchors.add(anchor);
                    if (!anchor.equals(slug(name))) {
                        problems.add(name + ": runbook_url anchor #" + anchor + " is not the alert's own (#" + slug(name) + ")");
                    }
                    if (!runbooks.containsKey(anchor)) {
                        problems.add(name + ": runbook_url anchor #" + anchor + " has no '### ' heading under ## Runbooks");
                    }
                }
                String expr = rule.path("expr").asText("");
                if (expr.isBlank()) {
                    problems.add(name + ": no expr");
                    continue;
                }
                for (String error : PromQlCheck.check(expr, CATALOG, null).errors()) {
                    problems.add(name + ": " + error);
                }
            }
        }
        for (Map.Entry<String, String> runbook : runbooks.entrySet()) {
            String heading = runbook.getValue().lines().findFirst().orElse("");
            if (!anchors.contains(runbook.getKey())) {
                problems.add("runbook " + heading + " has no alert (or the alert's runbook_url points elsewhere)");
                continue;
            }
            for (String part : List.of("**Means:**", "**First checks:**", "**Resolve:**", "```")) {
                if (!runbook.getValue().contains(part)) {
                    problems.add("runbook " + heading + ": no " + part);
                }
            }
        }
        return problems;
    }

    // ------------------------------------------------------------ helpers

    /** The "### " sections under "## Runbooks", keyed by their GitHub anchor; each value starts with the heading text. */
    static Map<String, String> runbooks(String readme) {
        Map<String, String> sections = new LinkedHashMap<>();
        boolean inRunbooks = false;
        String anchor = null;
        StringBuilder body = new StringBuilder();
        for (String line : readme.split("\n", -1)) {
            if (line.startsWith("## ")) {
                inRunbooks = line.strip().equals("## Runbooks");
            }
            if (!inRunbooks) {
                continue;
            }
            if (line.startsWith("### ")) {
                if (anchor != null) {
                    sections.put(anchor, body.toString());
                }
                String heading = line.substring(4).strip();
                anchor = slug(heading);
                if (sections.containsKey(anchor)) {
                    throw new AssertionError("README: two runbooks with the anchor #" + anchor);
                }
                body = new StringBuilder(heading).append('\n');
            } else if (anchor != null) {
                body.append(line).append('\n');
            }
        }
        if (anchor != null) {
            sections.put(anchor, body.toString());
        }
        return sections;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The README's metric catalog table: family → cells. */
    static Map<String, List<String>> catalogTable(String readme) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inCatalog = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("## ")) {
                inCatalog = line.strip().equals("## Metric catalog");
            }
            if (inCatalog && line.startsWith("| `")) {
                List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|"))
                        .map(String::strip).toList();
                String family = cells.get(0).replace("`", "");
                if (rows.put(family, cells) != null) {
                    throw new AssertionError("README catalog lists " + family + " twice");
                }
            }
        }
        return rows;
    }

    private static Set<String> backticked(String cell) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static boolean balancedTemplates(String text) {
        int depth = 0;
        for (int i = 0; i + 1 < text.length(); i++) {
            if (text.startsWith("{{", i)) {
                depth++;
                i++;
            } else if (text.startsWith("}}", i)) {
                if (--depth < 0) {
                    return false;
                }
                i++;
            }
        }
        return depth == 0;
    }

    private static boolean isDatasourceVariable(JsonNode datasource) {
        return datasource.path("type").asText().equals("prometheus") && datasource.path("uid").asText().equals("${datasource}");
    }

    private static JsonNode variable(JsonNode list, String name) {
        for (JsonNode v : list) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static Set<String> variables(JsonNode dashboard) {
        Set<String> names = new HashSet<>();
        dashboard.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                panels.add(p);
            }
        });
        return panels;
    }

    private static JsonNode panel(JsonNode dashboard, String title) {
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("title").asText().equals(title)) {
                return p;
            }
        }
        throw new AssertionError("no panel titled " + title);
    }

    private static Map<String, JsonNode> alertRules(JsonNode ruleFile) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode group : ruleFile.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.put(rule.path("alert").asText(), rule);
            }
        }
        return rules;
    }

    private static JsonNode rule(JsonNode ruleFile, String alert) {
        JsonNode rule = alertRules(ruleFile).get(alert);
        if (rule == null) {
            throw new AssertionError("no alert " + alert);
        }
        return rule;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertDashboardViolation(Consumer<ObjectNode> breakIt, String expected) {
        ObjectNode copy = dashboard();
        assertTrue(dashboardProblems(copy).isEmpty(), "the real dashboard must pass before breaking a copy");
        breakIt.accept(copy);
        List<String> problems = dashboardProblems(copy);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing: " + expected + "\ngot: " + problems);
    }

    private static void assertAlertViolation(Consumer<ObjectNode> breakIt, String expected) {
        ObjectNode copy = alerts();
        String readme = readme();
        assertTrue(alertProblems(copy, readme).isEmpty(), "the real rules must pass before breaking a copy");
        breakIt.accept(copy);
        List<String> problems = alertProblems(copy, readme);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing: " + expected + "\ngot: " + problems);
    }

    private static void assertCatalogError(String lines, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricCatalog.parse(List.of(lines.split("\n")), "metrics.txt"));
        assertTrue(e.getMessage().contains(expected), "expected: " + expected + "\ngot: " + e.getMessage());
    }

    /** A fresh tree each time, so a test may break its copy. */
    private static ObjectNode dashboard() {
        try {
            JsonNode node = JSON.readTree(DIR.resolve("grafana/payment-gateway.json").toFile());
            if (!(node instanceof ObjectNode object)) {
                throw new AssertionError("the dashboard is not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode alerts() {
        return Yaml.readSingleDocument(DIR.resolve("prometheus/alerts.yml"));
    }

    private static String readme() {
        try {
            return Files.readString(DIR.resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
