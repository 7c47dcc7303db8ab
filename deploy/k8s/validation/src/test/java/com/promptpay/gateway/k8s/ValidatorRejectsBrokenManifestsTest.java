package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline validation refuses what the API server (strict field validation) or a CRD schema refuses. */
class ValidatorRejectsBrokenManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: registry.example.com/demo:1.0
            """;

    private static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata:
              name: demo
              labels:
                strimzi.io/cluster: gateway-kafka
            spec:
              partitions: 6
              replicas: 3
              config:
                min.insync.replicas: 2
            """;

    @Test
    void wellFormedObjectsPass() {
        assertEquals(List.of(), validate(DEPLOYMENT));
        assertEquals(List.of(), validate(TOPIC));
    }

    @Test
    void unknownFieldInACoreObjectIsRejected() {
        assertRejected(DEPLOYMENT.replace("image: registry", "imagePullPolicyy: Always\n          image: registry"),
                "imagePullPolicyy");
    }

    @Test
    void misspelledTopLevelFieldIsRejected() {
        assertRejected(DEPLOYMENT.replace("spec:\n  selector", "specs:\n  selector"), "specs");
    }

    @Test
    void quotedNumberForAnIntegerFieldIsRejected() {
        assertRejected(DEPLOYMENT.replace("spec:\n  selector", "spec:\n  replicas: \"2\"\n  selector"), "replicas");
    }

    @Test
    void unquotedNumberInConfigMapDataIsRejected() {
        assertRejected("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                data:
                  DB_PORT: 5432
                """, "DB_PORT");
    }

    @Test
    void kindOutsideTheAcceptedSetIsRejected() {
        assertRejected(DEPLOYMENT.replace("kind: Deployment", "kind: DaemonSet"), "unknown type apps/v1/DaemonSet");
    }

    @Test
    void customResourceOfAVersionNoCrdServesIsRejected() {
        assertRejected(TOPIC.replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2"), "unknown type kafka.strimzi.io/v1beta2/KafkaTopic");
    }

    @Test
    void misspelledCustomResourceFieldIsRejected() {
        assertRejected(TOPIC.replace("  replicas: 3", "  replica: 3"), "replica");
    }

    @Test
    void customResourceFieldOfTheWrongTypeIsRejected() {
        assertRejected(TOPIC.replace("partitions: 6", "partitions: \"6\""), "partitions");
    }

    @Test
    void misspelledCustomResourceMetadataIsRejected() {
        assertRejected(TOPIC.replace("  labels:", "  lables:"), "lables");
    }

    @Test
    void freeFormKafkaConfigStaysFree() {
        // x-kubernetes-preserve-unknown-fields: any broker/topic setting may be given
        assertEquals(List.of(), validate(TOPIC.replace("min.insync.replicas: 2", "min.insync.replicas: 2\n    segment.bytes: 1073741824")));
    }

    @Test
    void listenerWithoutItsRequiredTlsFlagIsRejected() {
        assertRejected("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata:
                  name: k
                spec:
                  kafka:
                    listeners:
                      - name: plain
                        port: 9092
                        type: internal
                """, "tls");
    }

    @Test
    void listenerOfAnUnknownTypeIsRejected() {
        assertRejected("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata:
                  name: k
                spec:
                  kafka:
                    listeners:
                      - name: plain
                        port: 9092
                        type: clusterip
                        tls: false
                """, "type");
    }

    @Test
    void nodePoolWithoutStorageIsRejected() {
        assertRejected("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata:
                  name: pool
                spec:
                  replicas: 3
                  roles: [broker]
                """, "storage");
    }

    @Test
    void postgresParameterThatIsNotAStringIsRejected() {
        assertRejected("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: pg
                spec:
                  instances: 3
                  postgresql:
                    parameters:
                      max_connections: 400
                """, "max_connections");
    }

    @Test
    void databaseWithoutOwnerOrWithAnUnknownReclaimPolicyIsRejected() {
        String database = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Database
                metadata:
                  name: db
                spec:
                  cluster: {name: pg}
                  name: intents
                  owner: gateway_intent
                  databaseReclaimPolicy: retain
                """;
        assertEquals(List.of(), validate(database));
        assertRejected(database.replace("  owner: gateway_intent\n", ""), "owner");
        assertRejected(database.replace("retain", "keep"), "databaseReclaimPolicy");
    }

    @Test
    void managedRoleWithAMisspelledFieldIsRejected() {
        assertRejected("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: pg
                spec:
                  instances: 3
                  managed:
                    roles:
                      - name: gateway_intent
                        login: true
                        passwordSecrets: {name: gateway-db-intent}
                """, "passwordSecrets");
    }

    @Test
    void nullableFieldsAcceptNull() {
        ObjectNode schema = (ObjectNode) Yaml.readDocuments("""
                type: object
                properties:
                  a: {type: string, nullable: true}
                  b: {type: object, properties: {c: {type: integer}}}
                  d: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {e: {type: string}}}
                  f: {x-kubernetes-int-or-string: true}
                """, "schema").get(0);
        ObjectNode normalized = CrdSchemaValidator.normalize(schema, false);
        assertEquals("[\"string\",\"null\"]", normalized.at("/properties/a/type").toString());
        assertEquals(false, normalized.at("/properties/b/additionalProperties").asBoolean(true), "closed like strict validation");
        assertTrue(normalized.at("/properties/d/additionalProperties").isMissingNode(), "preserve-unknown-fields stays open");
        assertEquals(2, normalized.at("/properties/f/anyOf").size());
        assertTrue(normalized.toString().indexOf("x-kubernetes") < 0);
    }

    @Test
    void missingCrdDirectoryFailsWithAClearMessage() {
        String previous = System.getProperty("K8S_CRDS_DIR");
        System.setProperty("K8S_CRDS_DIR", "/nonexistent/k8s-crds");
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, Locations::crdsDir);
            assertTrue(e.getMessage().contains("../shared/k8s-crds"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("K8S_CRDS_DIR");
            } else {
                System.setProperty("K8S_CRDS_DIR", previous);
            }
        }
    }

    private static List<String> validate(String yaml) {
        return Overlays.validator().validate(Yaml.readDocuments(yaml, "test").get(0));
    }

    private static void assertRejected(String yaml, String mentioned) {
        List<String> errors = validate(yaml);
        assertTrue(errors.stream().anyMatch(e -> e.contains(mentioned)),
                "expected an error mentioning '" + mentioned + "', got " + errors);
    }
}
