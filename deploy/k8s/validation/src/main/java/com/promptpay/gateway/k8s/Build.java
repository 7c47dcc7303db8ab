package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The output of one overlay: raw trees (custom resources) and strictly parsed core objects. */
public final class Build {

    private final List<ObjectNode> raw;
    private final List<HasMetadata> core = new ArrayList<>();

    public Build(List<ObjectNode> raw) {
        this.raw = List.copyOf(raw);
        for (ObjectNode resource : raw) {
            if (StrictCoreParser.isCoreKind(resource)) {
                core.add(StrictCoreParser.parse(resource));
            }
        }
    }

    public static Build overlay(String name) {
        return of(Locations.overlay(name));
    }

    public static Build of(Path kustomizationDir) {
        return new Build(KustomizeAssembler.build(kustomizationDir));
    }

    /** Deep copies of the raw trees, for tests that break something on purpose. */
    public List<ObjectNode> copyOfRaw() {
        return raw.stream().map(ObjectNode::deepCopy).toList();
    }

    public List<ObjectNode> raw() {
        return raw;
    }

    public List<ObjectNode> custom(String kind) {
        return raw.stream().filter(r -> kind.equals(r.path("kind").asText())
                && !StrategicMerge.isBuiltin(r.path("apiVersion").asText())).toList();
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return core.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<Deployment> deployments() {
        return all(Deployment.class);
    }

    public List<Service> services() {
        return all(Service.class);
    }

    public List<ConfigMap> configMaps() {
        return all(ConfigMap.class);
    }

    public List<PodDisruptionBudget> pdbs() {
        return all(PodDisruptionBudget.class);
    }

    public List<HorizontalPodAutoscaler> hpas() {
        return all(HorizontalPodAutoscaler.class);
    }

    public List<NetworkPolicy> networkPolicies() {
        return all(NetworkPolicy.class);
    }

    public List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    public Optional<ObjectNode> customNamed(String kind, String name) {
        return custom(kind).stream().filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst();
    }

    /** Finds a raw object by kind and name, for mutation in tests. */
    public static ObjectNode find(List<ObjectNode> raw, String kind, String name) {
        return raw.stream()
                .filter(r -> kind.equals(r.path("kind").asText()) && name.equals(r.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + name));
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
