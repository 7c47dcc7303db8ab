package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each check, fed a production build broken in one specific way, reports exactly that breakage.
 * Together with the passing checks on the real overlays, this shows none of them is vacuous.
 */
class ChecksRejectBrokenManifestsTest {

    // ------------------------------------------------------------ deployments

    @Test
    void deploymentWithoutReadinessProbeIsRejected() {
        assertViolation(GatewayChecks::deploymentsHardened, raw -> container(raw, "intent-service").remove("readinessProbe"),
                "intent-service container intent-service: no readinessProbe");
    }

    @Test
    void livenessProbeOnTheWrongPathIsRejected() {
        assertViolation(GatewayChecks::deploymentsHardened,
                raw -> ((ObjectNode) container(raw, "checkout-page-service").at("/livenessProbe/httpGet")).put("path", "/q/health"),
                "livenessProbe must GET /q/health/live");
    }

    @Test
    void containerWithoutMemoryLimitIsRejected() {
        assertViolation(GatewayChecks::deploymentsHardened,
                raw -> ((ObjectNode) container(raw, "webhook-ingest-service").at("/resources/limits")).remove("memory"),
                "webhook-ingest-service: no memory limit");
    }

    @Test
    void writableRootFilesystemIsRejected() {
        assertViolation(GatewayChecks::deploymentsHardened,
                raw -> ((ObjectNode) container(raw, "callback-dispatcher-service").get("securityContext"))
                        .put("readOnlyRootFilesystem", false),
                "readOnlyRootFilesystem must be true");
    }

    @Test
    void containerThatMayRunAsRootIsRejected() {
        assertViolation(GatewayChecks::deploymentsHardened, raw -> {
            ((ObjectNode) podSpec(raw, "intent-service").get("securityContext")).remove("runAsNonRoot");
            ((ObjectNode) container(raw, "intent-service").get("securityContext")).remove("runAsNonRoot");
        }, "runAsNonRoot must be true");
    }

    @Test
    void heapLargerThanTheLimitAllowsIsRejected() {
        assertViolation(GatewayChecks::deploymentsHardened,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "intent-service").get("data"))
                        .put("JAVA_OPTS_APPEND", "-Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager"),
                "more than 60% of the memory limit");
    }

    @Test
    void deploymentWithoutPdbIsRejected() {
        assertViolation(GatewayChecks::disruptionAndScaling,
                raw -> raw.remove(Build.find(raw, "PodDisruptionBudget", "checkout-page-service")),
                "checkout-page-service: 0 PodDisruptionBudgets");
    }

    @Test
    void pdbThatBlocksEveryDrainIsRejected() {
        assertViolation(GatewayChecks::disruptionAndScaling,
                raw -> ((ObjectNode) Build.find(raw, "PodDisruptionBudget", "intent-service").get("spec")).put("maxUnavailable", 0),
                "needs maxUnavailable >= 1");
    }

    @Test
    void fixedReplicasNextToAnHpaAreRejected() {
        assertViolation(GatewayChecks::disruptionAndScaling,
                raw -> ((ObjectNode) Build.find(raw, "Deployment", "intent-service").get("spec")).put("replicas", 3),
                "sets replicas although an HPA owns the count");
    }

    @Test
    void serviceSelectingTheWrongPodsIsRejected() {
        assertViolation(GatewayChecks::servicesMatchDeployments,
                raw -> ((ObjectNode) Build.find(raw, "Service", "intent-service").at("/spec/selector"))
                        .put("app.kubernetes.io/name", "checkout-page-service"),
                "Service intent-service selects the pods of checkout-page-service");
    }

    // ------------------------------------------------------------ configuration

    @Test
    void committedSecretIsRejected() {
        assertViolation(GatewayChecks::referencesResolve, raw -> raw.add((ObjectNode) Yaml.readDocuments("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: gateway-stripe
                  namespace: promptpay-gateway
                stringData:
                  STRIPE_SECRET_KEY: sk_live_x
                """, "test").get(0)), "Secret gateway-stripe is in the manifests");
    }

    @Test
    void secretNotListedInTheReadmeIsRejected() {
        assertViolation(GatewayChecks::referencesResolve,
                raw -> ((ObjectNode) env(raw, "intent-service", "GATEWAY_ADMIN_TOKEN").at("/valueFrom/secretKeyRef"))
                        .put("name", "admin-token"),
                "reads Secret admin-token key GATEWAY_ADMIN_TOKEN, which is not among the Secrets");
    }

    @Test
    void databaseOwnedByAnUnmanagedRoleIsRejected() {
        assertViolation(GatewayChecks::referencesResolve,
                raw -> ((ObjectNode) Build.find(raw, "Database", "gateway-pg-ingest").get("spec")).put("owner", "postgres"),
                "owner postgres is not a managed role");
    }

    @Test
    void topicOfAnotherKafkaClusterIsRejected() {
        assertViolation(GatewayChecks::referencesResolve,
                raw -> ((ObjectNode) Build.find(raw, "KafkaTopic", "merchants").at("/metadata/labels")).put("strimzi.io/cluster", "my-cluster"),
                "strimzi.io/cluster 'my-cluster' is not a Kafka in the build");
    }

    @Test
    void secretAsALiteralValueIsRejected() {
        assertViolation(GatewayChecks::environmentMatchesContract, raw -> {
            ObjectNode e = env(raw, "intent-service", "GATEWAY_SECRETS_KEY");
            e.remove("valueFrom");
            e.put("value", "0123456789abcdef");
        }, "GATEWAY_SECRETS_KEY must come from a Secret (secretKeyRef), not a literal value");
    }

    @Test
    void wrongDatabaseNameIsRejected() {
        assertViolation(GatewayChecks::environmentMatchesContract,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "callback-dispatcher-service").get("data")).put("DB_NAME", "intents"),
                "DB_NAME must be dispatcher, is intents");
    }

    @Test
    void databaseCredentialsOfAnotherServiceAreRejected() {
        assertViolation(GatewayChecks::environmentMatchesContract,
                raw -> ((ObjectNode) env(raw, "webhook-ingest-service", "DB_PASSWORD").at("/valueFrom/secretKeyRef"))
                        .put("name", "gateway-db-intent"),
                "DB_USER/DB_PASSWORD must be username/password of gateway-db-ingest");
    }

    @Test
    void missingConfigurationKeyIsRejected() {
        assertViolation(GatewayChecks::environmentMatchesContract,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "checkout-page-service").get("data")).remove("INTENT_SERVICE_URL"),
                "checkout-page-service: missing env INTENT_SERVICE_URL");
    }

    @Test
    void kafkaBootstrapThatIsNotTheClustersIsRejected() {
        assertViolation(GatewayChecks::environmentMatchesContract,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "gateway-common").get("data"))
                        .put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
                "KAFKA_BOOTSTRAP_SERVERS kafka:9092 is not an internal listener bootstrap");
    }

    // ------------------------------------------------------------ production

    @Test
    void topicWithReplicationFactorTwoIsRejected() {
        assertViolation(GatewayChecks::productionKafka,
                raw -> ((ObjectNode) Build.find(raw, "KafkaTopic", "payment-intents").get("spec")).put("replicas", 2),
                "KafkaTopic payment-intents: replicas 2, expected 3");
    }

    @Test
    void topicWithMinIsrOneIsRejected() {
        assertViolation(GatewayChecks::productionKafka,
                raw -> ((ObjectNode) Build.find(raw, "KafkaTopic", "payment-provider-events").at("/spec/config"))
                        .put("min.insync.replicas", 1),
                "KafkaTopic payment-provider-events: min.insync.replicas 1, expected 2");
    }

    @Test
    void uncompactedMerchantsTopicIsRejected() {
        assertViolation(GatewayChecks::productionKafka,
                raw -> ((ObjectNode) Build.find(raw, "KafkaTopic", "merchants").at("/spec/config")).remove("cleanup.policy"),
                "KafkaTopic merchants: cleanup.policy must be compact");
    }

    @Test
    void singleBrokerIsRejected() {
        assertViolation(GatewayChecks::productionKafka,
                raw -> ((ObjectNode) Build.find(raw, "KafkaNodePool", "dual-role").get("spec")).put("replicas", 1),
                "1 brokers; RF 3 needs at least 3");
    }

    @Test
    void brokerDefaultMinIsrOneIsRejected() {
        assertViolation(GatewayChecks::productionKafka,
                raw -> ((ObjectNode) Build.find(raw, "Kafka", "gateway-kafka").at("/spec/kafka/config")).put("min.insync.replicas", 1),
                "config min.insync.replicas must be 2, is 1");
    }

    @Test
    void singlePostgresInstanceIsRejected() {
        assertViolation(GatewayChecks::productionPostgres,
                raw -> ((ObjectNode) Build.find(raw, "Cluster", "gateway-pg").get("spec")).put("instances", 1),
                "Cluster: instances 1, expected 3");
    }

    @Test
    void defaultMerchantInEnvIsRejected() {
        assertViolation(GatewayChecks::noDefaultMerchant,
                raw -> ((ArrayNode) container(raw, "intent-service").get("env")).addObject()
                        .put("name", "DEMO_MERCHANT_API_KEY").put("value", "x"),
                "env DEMO_MERCHANT_API_KEY configures a default merchant");
    }

    @Test
    void defaultMerchantInConfigMapIsRejected() {
        assertViolation(GatewayChecks::noDefaultMerchant,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "intent-service").get("data")).put("GATEWAY_DEFAULT_MERCHANT_ID", "mch_demo"),
                "GATEWAY_DEFAULT_MERCHANT_ID configures a default merchant");
    }

    @Test
    void merchantSeedingJobIsRejected() {
        assertViolation(GatewayChecks::noDefaultMerchant, raw -> raw.add((ObjectNode) Yaml.readDocuments("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: seed-demo-merchant
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: curl
                          image: curlimages/curl:8.10.1
                """, "test").get(0)), "Job seed-demo-merchant");
    }

    @Test
    void stripeKeyAsLiteralIsRejected() {
        assertViolation(GatewayChecks::stripeKeysFromSecret, raw -> {
            ObjectNode e = env(raw, "intent-service", "STRIPE_SECRET_KEY");
            e.remove("valueFrom");
            e.put("value", "sk_test_123");
        }, "STRIPE_SECRET_KEY must be a secretKeyRef");
    }

    @Test
    void optionalStripeWebhookSecretIsRejected() {
        assertViolation(GatewayChecks::stripeKeysFromSecret,
                raw -> ((ObjectNode) env(raw, "webhook-ingest-service", "STRIPE_WEBHOOK_SECRET").at("/valueFrom/secretKeyRef"))
                        .put("optional", true),
                "STRIPE_WEBHOOK_SECRET Secret must not be optional");
    }

    @Test
    void stripeApiBaseOverrideIsRejected() {
        assertViolation(GatewayChecks::stripeKeysFromSecret,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "intent-service").get("data"))
                        .put("STRIPE_API_BASE", "http://stripe-mock:12111"),
                "STRIPE_API_BASE set in production");
    }

    @Test
    void latestImageIsRejected() {
        assertViolation(GatewayChecks::imagesPinned,
                raw -> container(raw, "checkout-page-service").put("image", "registry.example.com/promptpay/checkout-page-service:latest"),
                "is not pinned to a tag or digest");
    }

    @Test
    void baseUrlForAnotherHostIsRejected() {
        assertViolation(GatewayChecks::publicUrlMatchesTls,
                raw -> ((ObjectNode) Build.find(raw, "ConfigMap", "gateway-common").get("data")).put("BASE_URL", "http://pay.example.com"),
                "must be https://<host>");
    }

    // ------------------------------------------------------------ ingress and network

    @Test
    void catchAllRouteIsRejected() {
        assertViolation(GatewayChecks::ingressRoutesExactly,
                raw -> paths(raw).addObject().put("path", "/").put("pathType", "Prefix").set("backend", Yaml.readDocuments(
                        "service: {name: intent-service, port: {number: 8081}}", "test").get(0)),
                "Ingress routes Route[path=/, pathType=Prefix, service=intent-service, port=8081]");
    }

    @Test
    void checkoutPathSentToTheWrongServiceIsRejected() {
        assertViolation(GatewayChecks::ingressRoutesExactly, raw -> {
            for (JsonNode p : paths(raw)) {
                if (p.path("path").asText().equals("/payment")) {
                    ((ObjectNode) p.at("/backend/service")).put("name", "intent-service");
                    ((ObjectNode) p.at("/backend/service/port")).put("number", 8081);
                }
            }
        }, "Ingress does not route Route[path=/payment, pathType=Prefix, service=checkout-page-service");
    }

    @Test
    void stripeWebhookAsPrefixIsRejected() {
        assertViolation(GatewayChecks::ingressRoutesExactly, raw -> {
            for (JsonNode p : paths(raw)) {
                if (p.path("path").asText().equals("/webhooks/stripe")) {
                    ((ObjectNode) p).put("pathType", "Prefix");
                }
            }
        }, "Ingress does not route Route[path=/webhooks/stripe, pathType=Exact");
    }

    @Test
    void policyOpeningIntentServiceToEveryoneIsRejected() {
        assertViolation(GatewayChecks::networkIsolation, raw -> raw.add((ObjectNode) Yaml.readDocuments("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: allow-all
                  namespace: promptpay-gateway
                spec:
                  podSelector:
                    matchLabels:
                      app.kubernetes.io/name: intent-service
                  ingress:
                    - {}
                """, "test").get(0)), "another pod of the namespace -> intent-service on 8081/TCP must be denied");
    }

    @Test
    void dispatcherReachingTheCloudMetadataEndpointIsRejected() {
        assertViolation(GatewayChecks::networkIsolation, raw -> {
            ArrayNode except = (ArrayNode) Build.find(raw, "NetworkPolicy", "callback-dispatcher-egress")
                    .at("/spec/egress/3/to/0/ipBlock/except");
            for (int i = except.size() - 1; i >= 0; i--) {
                if (except.get(i).asText().equals("169.254.0.0/16")) {
                    except.remove(i);
                }
            }
        }, "dispatcher -> 169.254.169.254 on 443/TCP must be denied");
    }

    @Test
    void checkoutReachingPostgresIsRejected() {
        assertViolation(GatewayChecks::networkIsolation,
                raw -> ((ArrayNode) Build.find(raw, "NetworkPolicy", "postgres-ingress")
                        .at("/spec/ingress/2/from/0/podSelector/matchExpressions/0/values")).add("checkout-page-service"),
                "checkout-page-service -> PostgreSQL on 5432/TCP must be denied");
    }

    @Test
    void missingDispatcherEgressPolicyIsRejected() {
        assertViolation(GatewayChecks::networkIsolation,
                raw -> raw.remove(Build.find(raw, "NetworkPolicy", "callback-dispatcher-egress")),
                "callback-dispatcher-service: no NetworkPolicy restricts its egress");
    }

    // ------------------------------------------------------------ helpers

    private static void assertViolation(Function<Build, List<String>> check, Consumer<List<ObjectNode>> breakIt, String expected) {
        assertTrue(check.apply(Overlays.prod()).isEmpty(), "the unbroken production build passes this check");
        List<ObjectNode> raw = new ArrayList<>(Overlays.prodCopy());
        breakIt.accept(raw);
        List<String> violations = check.apply(new Build(raw));
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
                "expected a violation containing '" + expected + "', got:\n" + String.join("\n", violations));
    }

    private static ObjectNode podSpec(List<ObjectNode> raw, String deployment) {
        return (ObjectNode) Build.find(raw, "Deployment", deployment).at("/spec/template/spec");
    }

    private static ObjectNode container(List<ObjectNode> raw, String deployment) {
        return (ObjectNode) podSpec(raw, deployment).get("containers").get(0);
    }

    private static ObjectNode env(List<ObjectNode> raw, String deployment, String name) {
        for (JsonNode e : container(raw, deployment).get("env")) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        throw new IllegalArgumentException(deployment + " has no env " + name);
    }

    private static ArrayNode paths(List<ObjectNode> raw) {
        return (ArrayNode) Build.find(raw, "Ingress", "gateway").at("/spec/rules/0/http/paths");
    }
}
