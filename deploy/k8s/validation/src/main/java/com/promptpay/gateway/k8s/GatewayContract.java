package com.promptpay.gateway.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the manifests must agree with: service names, ports, configuration keys and public paths
 * (from the services themselves, see each application.properties and shared/DESIGN.md), the Kafka
 * topics, the databases, and the Secrets an operator creates before installing (README).
 */
public final class GatewayContract {

    private GatewayContract() {
    }

    /** A service's port, the env it must get, the env it may get, and its database (or null). */
    public record ServiceSpec(String name, int port, Set<String> requiredEnv, Set<String> optionalEnv, String database) {
    }

    private static final Set<String> DB = Set.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("intent-service", 8081,
                    union(DB, Set.of("KAFKA_BOOTSTRAP_SERVERS", "BASE_URL", "GATEWAY_ADMIN_TOKEN", "GATEWAY_SERVICE_TOKEN",
                            "GATEWAY_SECRETS_KEY", "STRIPE_SECRET_KEY")),
                    Set.of("GATEWAY_INTENTS_MIN_AMOUNT", "STRIPE_API_BASE"), "intents"),
            new ServiceSpec("checkout-page-service", 8082,
                    Set.of("BASE_URL", "INTENT_SERVICE_URL", "GATEWAY_SERVICE_TOKEN", "KAFKA_BOOTSTRAP_SERVERS"),
                    Set.of(), null),
            new ServiceSpec("webhook-ingest-service", 8083,
                    union(DB, Set.of("KAFKA_BOOTSTRAP_SERVERS", "STRIPE_WEBHOOK_SECRET")),
                    Set.of("BASE_URL"), "ingest"),
            new ServiceSpec("callback-dispatcher-service", 8084,
                    union(DB, Set.of("KAFKA_BOOTSTRAP_SERVERS", "GATEWAY_SECRETS_KEY")),
                    Set.of("BASE_URL"), "dispatcher"));

    /** Allowed in every service besides its own keys (JVM flags). */
    public static final Set<String> COMMON_OPTIONAL_ENV = Set.of("JAVA_OPTS_APPEND");

    /** Never a literal, never a ConfigMap: only a secretKeyRef. */
    public static final Set<String> SECRET_ENV = Set.of(
            "DB_USER", "DB_PASSWORD", "GATEWAY_ADMIN_TOKEN", "GATEWAY_SERVICE_TOKEN", "GATEWAY_SECRETS_KEY",
            "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET");

    /** Secrets the operator creates before installing (README, "Secrets to create"): name to keys. */
    public static final Map<String, Set<String>> EXTERNAL_SECRETS = orderedSecrets();

    private static Map<String, Set<String>> orderedSecrets() {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        secrets.put("gateway-app", Set.of("GATEWAY_ADMIN_TOKEN", "GATEWAY_SERVICE_TOKEN", "GATEWAY_SECRETS_KEY"));
        secrets.put("gateway-stripe", Set.of("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"));
        secrets.put("gateway-db-intent", Set.of("username", "password"));
        secrets.put("gateway-db-ingest", Set.of("username", "password"));
        secrets.put("gateway-db-dispatcher", Set.of("username", "password"));
        secrets.put("gateway-tls", Set.of("tls.crt", "tls.key"));
        return java.util.Collections.unmodifiableMap(secrets);
    }

    /** One Ingress route: path, pathType, backend Service and port. */
    public record Route(String path, String pathType, String service, int port) {
    }

    /** The public entry, as the local entry proxy routes it. */
    public static final List<Route> ROUTES = List.of(
            new Route("/payments", "Prefix", "intent-service", 8081),
            new Route("/pay", "Prefix", "intent-service", 8081),
            new Route("/payment-links", "Prefix", "intent-service", 8081),
            new Route("/admin", "Prefix", "intent-service", 8081),
            new Route("/payment", "Prefix", "checkout-page-service", 8082),
            new Route("/webhooks/stripe", "Exact", "webhook-ingest-service", 8083),
            new Route("/webhook-endpoints", "Prefix", "callback-dispatcher-service", 8084),
            new Route("/webhook-deliveries", "Prefix", "callback-dispatcher-service", 8084));

    /** Kafka topics (names as in payment-events). */
    public record Topic(String name, int partitions, boolean compacted) {
    }

    public static final List<Topic> TOPICS = List.of(
            new Topic("payment-intents", 6, false),
            new Topic("payment-provider-events", 6, false),
            new Topic("merchants", 3, true));

    /** Database name to owner role. */
    public static final Map<String, String> DATABASE_OWNERS = Map.of(
            "intents", "gateway_intent",
            "ingest", "gateway_ingest",
            "dispatcher", "gateway_dispatcher");

    public static ServiceSpec service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a gateway service: " + name));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
