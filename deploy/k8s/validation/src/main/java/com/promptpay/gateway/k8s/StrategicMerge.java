package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strategic-merge patch of kustomize (kyaml {@code merge2} with
 * {@code ListIncreaseDirection = Prepend}, as its patchstrategicmerge filter calls it), for the
 * subset these manifests can use:
 * <ul>
 * <li>maps merge recursively; a {@code null} in the patch deletes the field; scalars are replaced;
 * a map/list/scalar kind change is an error;</li>
 * <li>built-in kinds: lists with a patch merge key in the Kubernetes OpenAPI (containers, env,
 * volumes, volumeMounts, ports, ...) merge element by key, and the patch's elements come
 * <em>first</em>, followed by the target's remaining ones (kustomize prepends); lists known to be
 * atomic are replaced; any other list is refused rather than guessed;</li>
 * <li>custom resources (Strimzi, CloudNativePG): kustomize has no schema for them and does not
 * infer merge keys, so every list is replaced as a whole;</li>
 * <li>{@code $patch}/{@code $setElementOrder}/{@code $retainKeys} directives are refused.</li>
 * </ul>
 * Anything refused fails the build with a message, so an overlay can never silently assemble to
 * something other than what {@code kustomize build} produces.
 */
public final class StrategicMerge {

    /** API groups served by Kubernetes itself: kustomize knows their OpenAPI schema. */
    private static final Set<String> BUILTIN_GROUPS = Set.of(
            "", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io",
            "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io",
            "admissionregistration.k8s.io", "apiextensions.k8s.io", "certificates.k8s.io", "events.k8s.io");

    /** Lists of a container (at any depth) and their merge keys. */
    private static final Map<String, List<String>> CONTAINER_LISTS = Map.of(
            "env", List.of("name"),
            "ports", List.of("containerPort", "protocol"),
            "volumeMounts", List.of("mountPath"),
            "volumeDevices", List.of("devicePath"));

    /** Lists of a pod spec (at any depth) and their merge keys. */
    private static final Map<String, List<String>> POD_SPEC_LISTS = Map.of(
            "containers", List.of("name"),
            "initContainers", List.of("name"),
            "ephemeralContainers", List.of("name"),
            "volumes", List.of("name"),
            "imagePullSecrets", List.of("name"),
            "hostAliases", List.of("ip"),
            "topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable"));

    /** List fields without a merge strategy in the Kubernetes API: a patch replaces them. */
    private static final Set<String> ATOMIC_LISTS = Set.of(
            "args", "command", "envFrom", "tolerations", "matchExpressions", "values", "drop", "add",
            "rules", "paths", "tls", "hosts", "ingress", "egress", "from", "to", "policyTypes", "except",
            "metrics", "policies", "nodeSelectorTerms", "requiredDuringSchedulingIgnoredDuringExecution",
            "preferredDuringSchedulingIgnoredDuringExecution", "accessModes", "items", "subsets", "addresses");

    /** Kinds whose spec lists are all atomic in the Kubernetes API (listType=atomic). */
    private static final Set<String> ATOMIC_KINDS = Set.of(
            "NetworkPolicy", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget");

    private StrategicMerge() {
    }

    public static boolean isBuiltin(String apiVersion) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return BUILTIN_GROUPS.contains(group);
    }

    /** Returns a new object: {@code target} with {@code patch} applied. */
    public static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        boolean builtin = isBuiltin(target.path("apiVersion").asText());
        mergeMap(result, patch, new Context(target.path("kind").asText(), builtin), "");
        return result;
    }

    private record Context(String kind, boolean builtin) {
    }

    private static void mergeMap(ObjectNode dest, ObjectNode patch, Context ctx, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            rejectDirective(name, fieldPath);
            JsonNode p = field.getValue();
            JsonNode d = dest.get(name);
            if (p.isNull()) {
                dest.remove(name);
            } else if (d == null || d.isNull()) {
                rejectDirectivesInside(p, fieldPath);
                dest.set(name, p.deepCopy());
            } else if (p.isObject()) {
                if (!d.isObject()) {
                    throw kindChange(fieldPath, d, p);
                }
                mergeMap((ObjectNode) d, (ObjectNode) p, ctx, fieldPath);
            } else if (p.isArray()) {
                if (!d.isArray()) {
                    throw kindChange(fieldPath, d, p);
                }
                dest.set(name, mergeList((ArrayNode) d, (ArrayNode) p, ctx, fieldPath, name));
            } else {
                if (d.isContainerNode()) {
                    throw kindChange(fieldPath, d, p);
                }
                dest.set(name, p.deepCopy());
            }
        }
    }

    private static ArrayNode mergeList(ArrayNode dest, ArrayNode patch, Context ctx, String path, String field) {
        rejectDirectivesInside(patch, path);
        if (!ctx.builtin()) {
            return patch.deepCopy(); // no schema for custom resources: kustomize replaces the list
        }
        List<String> keys = mergeKeys(ctx, path, field);
        if (keys == null) {
            return patch.deepCopy();
        }
        List<JsonNode> result = new ArrayList<>();
        List<JsonNode> remaining = new ArrayList<>();
        dest.forEach(remaining::add);
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.has(keys.get(0))) {
                throw new ManifestException(path + ": list element without its merge key '" + keys.get(0)
                        + "' (kustomize would append it blindly; not supported here)");
            }
            JsonNode match = null;
            for (JsonNode candidate : remaining) {
                if (sameKeys(candidate, element, keys)) {
                    match = candidate;
                    break;
                }
            }
            if (match == null) {
                result.add(element.deepCopy());
            } else {
                remaining.remove(match);
                ObjectNode merged = ((ObjectNode) match).deepCopy();
                mergeMap(merged, (ObjectNode) element, ctx, path + "[" + element.get(keys.get(0)).asText() + "]");
                result.add(merged);
            }
        }
        result.addAll(remaining);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        result.forEach(out::add);
        return out;
    }

    /** Elements are the same if every merge key present in the patch element has the same value. */
    private static boolean sameKeys(JsonNode candidate, JsonNode element, List<String> keys) {
        for (String key : keys) {
            if (element.has(key) && !element.get(key).equals(candidate.get(key))) {
                return false;
            }
        }
        return true;
    }

    /** Merge keys of a built-in list, or null if the list is atomic (replaced). */
    private static List<String> mergeKeys(Context ctx, String path, String field) {
        String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        boolean inContainer = parent.matches(".*(containers|initContainers|ephemeralContainers)\\[[^]]*]$");
        if (inContainer && CONTAINER_LISTS.containsKey(field)) {
            return CONTAINER_LISTS.get(field);
        }
        boolean podSpec = parent.equals("spec") && ctx.kind().equals("Pod") || parent.endsWith("template.spec");
        if (podSpec && POD_SPEC_LISTS.containsKey(field)) {
            return POD_SPEC_LISTS.get(field);
        }
        if (ctx.kind().equals("Service") && path.equals("spec.ports")) {
            return List.of("port", "protocol");
        }
        if (path.equals("metadata.ownerReferences")) {
            return List.of("uid");
        }
        if (ATOMIC_KINDS.contains(ctx.kind()) || ATOMIC_LISTS.contains(field)) {
            return null;
        }
        throw new ManifestException(path + " (" + ctx.kind() + "): merge semantics of this list are not modelled by "
                + "the validation assembler; add them to StrategicMerge before patching it");
    }

    private static void rejectDirective(String name, String path) {
        if (name.startsWith("$")) {
            throw new ManifestException(path + ": strategic-merge directive '" + name
                    + "' is not supported by the validation assembler");
        }
    }

    private static void rejectDirectivesInside(JsonNode node, String path) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                rejectDirective(e.getKey(), path + "." + e.getKey());
                rejectDirectivesInside(e.getValue(), path + "." + e.getKey());
            });
        } else if (node.isArray()) {
            node.forEach(element -> rejectDirectivesInside(element, path + "[]"));
        }
    }

    private static ManifestException kindChange(String path, JsonNode dest, JsonNode patch) {
        return new ManifestException(path + ": patch changes the value's kind from " + dest.getNodeType()
                + " to " + patch.getNodeType());
    }
}
