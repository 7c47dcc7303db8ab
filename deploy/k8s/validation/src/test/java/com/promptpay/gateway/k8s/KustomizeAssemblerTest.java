package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembler behaves like {@code kustomize build} on the supported subset (the expected
 * outputs follow kustomize's own patchstrategicmerge tests) and refuses everything else.
 */
class KustomizeAssemblerTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              template:
                spec:
                  containers:
                    - name: foo1
                      image: registry.example.com/foo:1.0
                      args: [a, b]
                      env:
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
                    - name: foo2
                      image: promptpay/foo2
                    - name: foo3
                      image: promptpay/foo3:old
                  volumes:
                    - name: tmp
                      emptyDir: {}
            """;

    @Test
    void patchedContainersMergeByNameAndNewOnesComeFirst() throws IOException {
        List<ObjectNode> out = buildWithPatch(DEPLOYMENT, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                        - name: foo0
                          image: promptpay/foo0
                """);
        assertEquals(List.of("foo0", "foo1", "foo2", "foo3"), names(out.get(0).at("/spec/template/spec/containers")));
    }

    @Test
    void envMergesByNameAndAtomicListsAreReplaced() throws IOException {
        List<ObjectNode> out = buildWithPatch(DEPLOYMENT, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                        - name: foo1
                          args: [c]
                          env:
                            - {name: B, value: "20"}
                            - {name: C, value: "3"}
                """);
        JsonNode foo1 = out.get(0).at("/spec/template/spec/containers/0");
        assertEquals("foo1", foo1.path("name").asText());
        assertEquals("registry.example.com/foo:1.0", foo1.path("image").asText(), "unpatched fields stay");
        assertEquals("[\"c\"]", foo1.path("args").toString(), "args has no merge key: replaced");
        assertEquals(List.of("B", "C", "A"), names(foo1.path("env")));
        assertEquals("20", foo1.path("env").get(0).path("value").asText());
        assertEquals(3, out.get(0).at("/spec/template/spec/containers").size());
    }

    @Test
    void nullDeletesAField() throws IOException {
        List<ObjectNode> out = buildWithPatch(DEPLOYMENT, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      volumes: null
                """);
        assertFalse(out.get(0).at("/spec/template/spec").has("volumes"));
    }

    @Test
    void listsOfCustomResourcesAreReplacedWhole() throws IOException {
        List<ObjectNode> out = buildWithPatch("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata:
                  name: pool
                spec:
                  replicas: 3
                  roles: [controller, broker]
                  storage:
                    type: jbod
                    volumes:
                      - {id: 0, type: persistent-claim, size: 50Gi, kraftMetadata: shared}
                      - {id: 1, type: persistent-claim, size: 50Gi}
                """, """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata:
                  name: pool
                spec:
                  replicas: 1
                  storage:
                    volumes:
                      - {id: 0, type: persistent-claim, size: 5Gi}
                """);
        JsonNode spec = out.get(0).path("spec");
        assertEquals(1, spec.path("replicas").asInt());
        assertEquals("jbod", spec.at("/storage/type").asText(), "maps merge");
        assertEquals(1, spec.at("/storage/volumes").size(), "no schema, no merge key: the list is replaced");
        assertFalse(spec.at("/storage/volumes/0").has("kraftMetadata"));
        assertEquals(2, spec.path("roles").size());
    }

    @Test
    void patchWithoutTargetFails() throws IOException {
        ManifestException e = assertThrows(ManifestException.class, () -> buildWithPatch(DEPLOYMENT, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: other
                spec:
                  paused: true
                """));
        assertTrue(e.getMessage().contains("failed to find unique target"), e.getMessage());
    }

    @Test
    void patchDirectivesAreRefused() {
        ManifestException e = assertThrows(ManifestException.class, () -> buildWithPatch(DEPLOYMENT, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                        - name: foo2
                          $patch: delete
                """));
        assertTrue(e.getMessage().contains("$patch"), e.getMessage());
    }

    @Test
    void listWithUnmodelledMergeSemanticsIsRefused() {
        ManifestException e = assertThrows(ManifestException.class, () -> buildWithPatch(DEPLOYMENT.replace(
                "      volumes:", "      readinessGates:\n        - conditionType: y\n      volumes:"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      readinessGates:
                        - conditionType: x
                """));
        assertTrue(e.getMessage().contains("readinessGates"), e.getMessage());
    }

    @Test
    void kindChangeIsRefused() {
        ManifestException e = assertThrows(ManifestException.class, () -> buildWithPatch(DEPLOYMENT, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template: broken
                """));
        assertTrue(e.getMessage().contains("spec.template"), e.getMessage());
    }

    @Test
    void unsupportedKustomizationFieldIsRefused() throws IOException {
        write("base.yaml", DEPLOYMENT);
        write("kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [base.yaml]
                configMapGenerator:
                  - name: x
                    literals: [A=1]
                """);
        ManifestException e = assertThrows(ManifestException.class, () -> KustomizeAssembler.build(dir));
        assertTrue(e.getMessage().contains("configMapGenerator"), e.getMessage());
    }

    @Test
    void resourceFileOutsideTheKustomizationIsRefusedButADirectoryIsFine() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve("app.yaml"), DEPLOYMENT);
        Files.writeString(base.resolve("kustomization.yaml"), "resources: [app.yaml]\n"
                + "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                """);
        assertEquals(1, KustomizeAssembler.build(overlay).size());
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base/app.yaml]
                """);
        ManifestException e = assertThrows(ManifestException.class, () -> KustomizeAssembler.build(overlay));
        assertTrue(e.getMessage().contains("load restrictor"), e.getMessage());
    }

    @Test
    void duplicateResourceIdIsRefused() throws IOException {
        write("a.yaml", DEPLOYMENT);
        write("b.yaml", DEPLOYMENT);
        write("kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [a.yaml, b.yaml]
                """);
        ManifestException e = assertThrows(ManifestException.class, () -> KustomizeAssembler.build(dir));
        assertTrue(e.getMessage().contains("already registered id"), e.getMessage());
    }

    @Test
    void namespaceIsSetOnNamespacedObjectsAndNamesTheNamespaceObject() throws IOException {
        write("res.yaml", DEPLOYMENT + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: whatever
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: reader
                """);
        write("kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: team
                resources: [res.yaml]
                """);
        List<ObjectNode> out = KustomizeAssembler.build(dir);
        assertEquals("team", out.get(0).at("/metadata/namespace").asText());
        assertEquals("team", out.get(1).at("/metadata/name").asText());
        assertFalse(out.get(1).path("metadata").has("namespace"));
        assertFalse(out.get(2).path("metadata").has("namespace"), "cluster-scoped");
    }

    @Test
    void imagesRewriteMatchingNamesOnly() throws IOException {
        write("app.yaml", DEPLOYMENT);
        write("kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [app.yaml]
                images:
                  - name: promptpay/foo2
                    newName: registry.example.com/promptpay/foo2
                    newTag: "1.2.3"
                  - name: promptpay/foo3
                    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                """);
        JsonNode containers = KustomizeAssembler.build(dir).get(0).at("/spec/template/spec/containers");
        assertEquals("registry.example.com/foo:1.0", containers.get(0).path("image").asText());
        assertEquals("registry.example.com/promptpay/foo2:1.2.3", containers.get(1).path("image").asText());
        assertEquals("promptpay/foo3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                containers.get(2).path("image").asText(), "a tagged image matches by name; the digest replaces the tag");
    }

    @Test
    void duplicateYamlKeysAreRefused() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Yaml.readDocuments("a: 1\na: 2\n", "dup.yaml"));
        assertTrue(e.getMessage().contains("dup.yaml"), e.getMessage());
    }

    private List<ObjectNode> buildWithPatch(String resource, String patch) throws IOException {
        write("res.yaml", resource);
        write("patch.yaml", patch);
        write("kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [res.yaml]
                patches:
                  - path: patch.yaml
                """);
        return KustomizeAssembler.build(dir);
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }
}
