package com.promptpay.gateway.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import static com.promptpay.gateway.k8s.OverlaysTest.assertNoViolations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dev: one replica each, a single-node Kafka, a single PostgreSQL instance. */
class DevOverlayTest {

    @Test
    void everyServiceRunsExactlyOneReplica() {
        Build dev = Overlays.dev();
        assertEquals(4, dev.hpas().size());
        for (HorizontalPodAutoscaler hpa : dev.hpas()) {
            assertEquals(1, hpa.getSpec().getMinReplicas(), hpa.getMetadata().getName());
            assertEquals(1, hpa.getSpec().getMaxReplicas(), hpa.getMetadata().getName());
        }
        for (Deployment d : dev.deployments()) {
            assertTrue(d.getSpec().getReplicas() == null, d.getMetadata().getName() + " leaves the count to its HPA");
        }
    }

    @Test
    void kafkaIsOneKraftNodeWithReplicationFactorOne() {
        Build dev = Overlays.dev();
        JsonNode pool = dev.customNamed("KafkaNodePool", "dual-role").orElseThrow().path("spec");
        assertEquals(1, pool.path("replicas").asInt());
        assertEquals("5Gi", pool.path("storage").path("volumes").get(0).path("size").asText());
        assertEquals(1, pool.path("storage").path("volumes").size(), "the patch replaces the volume list");
        JsonNode config = dev.customNamed("Kafka", "gateway-kafka").orElseThrow().path("spec").path("kafka").path("config");
        for (String key : new String[] {"default.replication.factor", "min.insync.replicas", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor", "transaction.state.log.min.isr"}) {
            assertEquals("1", config.path(key).asText(), key);
        }
        assertEquals("false", config.path("auto.create.topics.enable").asText(), "kept from the base");
        assertNoViolations("dev", GatewayChecks.topics(dev, 1, 1));
    }

    @Test
    void postgresIsOneInstanceWithoutSynchronousStandbys() {
        JsonNode spec = Overlays.dev().customNamed("Cluster", "gateway-pg").orElseThrow().path("spec");
        assertEquals(1, spec.path("instances").asInt());
        assertFalse(spec.path("postgresql").has("synchronous"), "no standby to wait for");
        assertFalse(spec.has("walStorage"));
        assertEquals(3, spec.path("managed").path("roles").size(), "roles kept from the base");
    }

    @Test
    void imagesAreTheLocallyBuiltDevTags() {
        for (Deployment d : Overlays.dev().deployments()) {
            assertEquals("promptpay/" + d.getMetadata().getName() + ":dev",
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        }
    }

    @Test
    void productionChecksWouldRejectDev() {
        // The prod-only checks are not vacuous: the dev build, legitimately smaller, fails them.
        assertFalse(GatewayChecks.productionKafka(Overlays.dev()).isEmpty());
        assertFalse(GatewayChecks.productionPostgres(Overlays.dev()).isEmpty());
        assertFalse(GatewayChecks.imagesPinned(Overlays.dev()).isEmpty());
        assertFalse(GatewayChecks.publicUrlMatchesTls(Overlays.dev()).isEmpty());
    }
}
