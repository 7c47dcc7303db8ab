package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every overlay assembles, every object validates offline, and the checks that hold everywhere pass. */
class OverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectValidatesStrictlyOrAgainstItsCrd(String overlay) {
        List<String> errors = Overlays.validator().validate(Overlays.build(overlay).raw());
        assertTrue(errors.isEmpty(), overlay + ":\n" + String.join("\n", errors));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void containsTheWholeInstallation(String overlay) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (ObjectNode r : Overlays.build(overlay).raw()) {
            kinds.merge(r.path("kind").asText(), 1, Integer::sum);
        }
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("Namespace", 1), Map.entry("ConfigMap", 5), Map.entry("Deployment", 4),
                Map.entry("Service", 4), Map.entry("PodDisruptionBudget", 4), Map.entry("HorizontalPodAutoscaler", 4),
                Map.entry("NetworkPolicy", 5), Map.entry("Ingress", 1), Map.entry("KafkaNodePool", 1),
                Map.entry("Kafka", 1), Map.entry("KafkaTopic", 3), Map.entry("Cluster", 1), Map.entry("Database", 3)));
        assertEquals(expected, kinds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyNamespacedObjectLandsInTheOverlayNamespace(String overlay) {
        Build build = Overlays.build(overlay);
        String namespace = Build.find(build.raw(), "Namespace", overlay.equals("prod") ? "promptpay-gateway" : "promptpay-dev")
                .path("metadata").path("name").asText();
        for (ObjectNode r : build.raw()) {
            if (!r.path("kind").asText().equals("Namespace")) {
                assertEquals(namespace, r.path("metadata").path("namespace").asText(), StrictCoreParser.describe(r));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void deploymentsHaveProbesLimitsAndNonRootReadOnlyContainers(String overlay) {
        assertNoViolations(overlay, GatewayChecks.deploymentsHardened(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasOnePdbAndOneHpa(String overlay) {
        assertNoViolations(overlay, GatewayChecks.disruptionAndScaling(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesSelectExactlyTheirDeployments(String overlay) {
        assertNoViolations(overlay, GatewayChecks.servicesMatchDeployments(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void referencesResolveAndNoSecretIsCommitted(String overlay) {
        assertNoViolations(overlay, GatewayChecks.referencesResolve(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceGetsExactlyItsConfigurationKeysWithSecretsFromSecrets(String overlay) {
        assertNoViolations(overlay, GatewayChecks.environmentMatchesContract(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressRoutesExactlyThePublicPaths(String overlay) {
        assertNoViolations(overlay, GatewayChecks.ingressRoutesExactly(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesLetOnlyTheIngressInAndTheDispatcherOnlyOutToTheInternet(String overlay) {
        assertNoViolations(overlay, GatewayChecks.networkIsolation(Overlays.build(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noDefaultMerchantAndStripeKeysOnlyFromASecret(String overlay) {
        assertNoViolations(overlay, GatewayChecks.noDefaultMerchant(Overlays.build(overlay)));
        assertNoViolations(overlay, GatewayChecks.stripeKeysFromSecret(Overlays.build(overlay)));
    }

    static void assertNoViolations(String context, List<String> violations) {
        assertTrue(violations.isEmpty(), context + ":\n" + String.join("\n", violations));
    }
}
