package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a kustomization the way {@code kustomize build} does, for the subset the overlays use
 * (no kustomize binary can be installed on the build machines):
 * <ul>
 * <li>{@code resources}: files (inside the kustomization's directory, as kustomize's default load
 * restrictor demands) and directories holding a kustomization (built recursively, anywhere);
 * an id (group, version, kind, namespace, name) may only be added once;</li>
 * <li>{@code patches}: entries with only {@code path}, each a single strategic-merge patch whose
 * apiVersion/kind/name must select exactly one resource ({@link StrategicMerge});</li>
 * <li>{@code namespace}: sets metadata.namespace of namespaced objects and the name of Namespace
 * objects (kustomize's namespace field specs);</li>
 * <li>{@code images}: name / newName / newTag / digest on every containers[] and initContainers[]
 * image.</li>
 * </ul>
 * Transformers run in kustomize's order (patches, namespace, images). Any other kustomization
 * field (generators, labels, replacements, components, remote bases, ...) is refused, so using one
 * fails CI until this class learns it. Output keeps the input order (no kind-based reordering,
 * which does not change what is applied).
 */
public final class KustomizeAssembler {

    private static final Set<String> SUPPORTED_FIELDS =
            Set.of("apiVersion", "kind", "resources", "patches", "namespace", "images");
    private static final Set<String> KUSTOMIZATION_FILE_NAMES =
            Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    /** Cluster-scoped kinds that can appear here: the namespace transformer leaves their metadata.namespace alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
            "StorageClass", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "APIService", "Node");

    private KustomizeAssembler() {
    }

    public static List<ObjectNode> build(Path kustomizationDir) {
        Path dir = kustomizationDir.toAbsolutePath().normalize();
        ObjectNode kustomization = readKustomization(dir);
        String where = dir.resolve("kustomization.yaml").toString();

        Map<String, ObjectNode> resources = new LinkedHashMap<>();
        for (String entry : strings(kustomization, "resources", where)) {
            if (entry.contains("://") || entry.startsWith("github.com/")) {
                throw new ManifestException(where + ": remote resource '" + entry + "' is not supported");
            }
            Path path = dir.resolve(entry).normalize();
            List<ObjectNode> loaded;
            if (Files.isDirectory(path)) {
                loaded = build(path);
            } else if (Files.isRegularFile(path)) {
                requireInside(dir, path, where, "resource");
                loaded = Yaml.readDocuments(path);
            } else {
                throw new ManifestException(where + ": resource '" + entry + "' does not exist");
            }
            for (ObjectNode resource : loaded) {
                requireIdentity(resource, path.toString());
                String id = id(resource);
                if (resources.putIfAbsent(id, resource) != null) {
                    throw new ManifestException(where + ": may not add resource with an already registered id: " + id);
                }
            }
        }

        for (JsonNode patchEntry : array(kustomization, "patches", where)) {
            if (!patchEntry.isObject() || !patchEntry.has("path") || patchEntry.size() != 1) {
                throw new ManifestException(where + ": only `patches: - path: <file>` entries (strategic merge, target "
                        + "taken from the patch itself) are supported, got " + patchEntry);
            }
            Path path = dir.resolve(patchEntry.get("path").asText()).normalize();
            requireInside(dir, path, where, "patch");
            if (!Files.isRegularFile(path)) {
                throw new ManifestException(where + ": patch file '" + path + "' does not exist");
            }
            ObjectNode patch = Yaml.readSingleDocument(path);
            requireIdentity(patch, path.toString());
            List<String> matches = resources.keySet().stream().filter(id -> id.equals(id(patch))).toList();
            if (matches.size() != 1) {
                throw new ManifestException(path + ": no matches for patch target " + id(patch)
                        + " (failed to find unique target for patch)");
            }
            String id = matches.get(0);
            resources.put(id, StrategicMerge.apply(resources.get(id), patch));
        }

        List<ObjectNode> result = new ArrayList<>(resources.values());
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode resource : result) {
                setNamespace(resource, namespace);
            }
        }
        for (JsonNode image : array(kustomization, "images", where)) {
            for (ObjectNode resource : result) {
                applyImage(resource, image, where);
            }
        }
        return result;
    }

    private static ObjectNode readKustomization(Path dir) {
        Path file = KUSTOMIZATION_FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new ManifestException(dir + ": no kustomization.yaml"));
        ObjectNode k = Yaml.readSingleDocument(file);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new ManifestException(file + ": kustomization field '" + field + "' is not supported by the "
                        + "validation assembler (deploy/k8s/validation); keep overlays to resources + patches");
            }
        });
        if (!"kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText())
                || !"Kustomization".equals(k.path("kind").asText())) {
            throw new ManifestException(file + ": expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization");
        }
        return k;
    }

    /** Resource id as kustomize compares it (an empty namespace is the default namespace). */
    static String id(ObjectNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String kind = resource.path("kind").asText();
        String namespace = resource.path("metadata").path("namespace").asText("");
        if (namespace.isEmpty() && !CLUSTER_SCOPED.contains(kind)) {
            namespace = "default";
        }
        return apiVersion + "/" + kind + "|" + namespace + "|" + resource.path("metadata").path("name").asText();
    }

    private static void requireIdentity(ObjectNode resource, String source) {
        if (!resource.path("apiVersion").isTextual() || !resource.path("kind").isTextual()
                || !resource.path("metadata").path("name").isTextual()) {
            throw new ManifestException(source + ": every document needs apiVersion, kind and metadata.name: " + resource);
        }
    }

    private static void requireInside(Path root, Path file, String where, String what) {
        if (!file.startsWith(root)) {
            throw new ManifestException(where + ": " + what + " file " + file + " is outside the kustomization "
                    + "directory; kustomize's load restrictor refuses it (reference a directory instead)");
        }
    }

    private static void setNamespace(ObjectNode resource, String namespace) {
        String kind = resource.path("kind").asText();
        ObjectNode metadata = (ObjectNode) resource.get("metadata");
        if (kind.equals("Namespace")) {
            metadata.put("name", namespace);
        } else if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
            throw new ManifestException(kind + " " + metadata.path("name").asText()
                    + ": subjects' namespaces are rewritten by kustomize; not modelled by the validation assembler");
        } else if (!CLUSTER_SCOPED.contains(kind)) {
            metadata.put("namespace", namespace);
        }
    }

    private static void applyImage(JsonNode node, JsonNode image, String where) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                    for (JsonNode container : e.getValue()) {
                        if (container.path("image").isTextual()) {
                            String updated = rewriteImage(container.get("image").asText(), image, where);
                            ((ObjectNode) container).put("image", updated);
                        }
                    }
                }
                applyImage(e.getValue(), image, where);
            });
        } else if (node.isArray()) {
            node.forEach(element -> applyImage(element, image, where));
        }
    }

    /** kustomize's image matching: the name without tag or digest must equal {@code name}. */
    static String rewriteImage(String current, JsonNode image, String where) {
        image.fieldNames().forEachRemaining(f -> {
            if (!Set.of("name", "newName", "newTag", "digest").contains(f)) {
                throw new ManifestException(where + ": images field '" + f + "' is not supported");
            }
        });
        String name = current;
        String suffix = "";
        int at = current.indexOf('@');
        if (at >= 0) {
            name = current.substring(0, at);
            suffix = current.substring(at);
        } else {
            int colon = current.lastIndexOf(':');
            if (colon > current.lastIndexOf('/')) {
                name = current.substring(0, colon);
                suffix = current.substring(colon);
            }
        }
        if (!name.equals(image.path("name").asText())) {
            return current;
        }
        if (image.hasNonNull("newName")) {
            name = image.get("newName").asText();
        }
        if (image.hasNonNull("digest")) {
            suffix = "@" + image.get("digest").asText();
        } else if (image.hasNonNull("newTag")) {
            suffix = ":" + image.get("newTag").asText();
        }
        return name + suffix;
    }

    private static List<String> strings(ObjectNode k, String field, String where) {
        List<String> values = new ArrayList<>();
        for (JsonNode n : array(k, field, where)) {
            if (!n.isTextual()) {
                throw new ManifestException(where + ": " + field + " entries must be strings, got " + n);
            }
            values.add(n.asText());
        }
        return values;
    }

    private static ArrayNode array(ObjectNode k, String field, String where) {
        JsonNode n = k.get(field);
        if (n == null || n.isNull()) {
            return k.arrayNode();
        }
        if (!n.isArray()) {
            throw new ManifestException(where + ": " + field + " must be a list");
        }
        return (ArrayNode) n;
    }
}
