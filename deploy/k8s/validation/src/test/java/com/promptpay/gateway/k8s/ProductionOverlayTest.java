package com.promptpay.gateway.k8s;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static com.promptpay.gateway.k8s.OverlaysTest.assertNoViolations;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What production must guarantee on top of the checks every overlay passes. */
class ProductionOverlayTest {

    @Test
    void kafkaHasThreeKraftNodesAndEveryTopicReplicationFactorThreeMinIsrTwo() {
        assertNoViolations("prod", GatewayChecks.productionKafka(Overlays.prod()));
    }

    @Test
    void postgresHasThreeSynchronousInstancesAndOneDatabasePerService() {
        assertNoViolations("prod", GatewayChecks.productionPostgres(Overlays.prod()));
    }

    @Test
    void noDefaultMerchantIsConfigured() {
        assertNoViolations("prod", GatewayChecks.noDefaultMerchant(Overlays.prod()));
    }

    @Test
    void stripeKeysComeFromARequiredSecretAndTheApiIsTheRealStripe() {
        assertNoViolations("prod", GatewayChecks.stripeKeysFromSecret(Overlays.prod()));
    }

    @Test
    void imagesArePinnedAndNameTheirRegistry() {
        assertNoViolations("prod", GatewayChecks.imagesPinned(Overlays.prod()));
    }

    @Test
    void baseUrlIsTheHttpsUrlOfTheTlsHost() {
        assertNoViolations("prod", GatewayChecks.publicUrlMatchesTls(Overlays.prod()));
    }

    /** Requests as the seed and DESIGN.md make them, and what must not be reachable. */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/payments/intents, intent-service",
            "/payments, intent-service",
            "/payments/pi_123, intent-service",
            "/payments/pi_123/cancel, intent-service",
            "/pay/pl_abc, intent-service",
            "/payment-links, intent-service",
            "/payment-links/pl_abc, intent-service",
            "/admin/merchants, intent-service",
            "/admin/merchants/mch_1/api-keys, intent-service",
            "/payment/pi_123, checkout-page-service",
            "/payment/pi_123/return, checkout-page-service",
            "/payment/pi_123/events, checkout-page-service",
            "/webhooks/stripe, webhook-ingest-service",
            "/webhook-endpoints, callback-dispatcher-service",
            "/webhook-endpoints/ep_1, callback-dispatcher-service",
            "/webhook-deliveries/msg_1/attempts, callback-dispatcher-service",
            "/webhooks/stripe/extra, none",
            "/webhooks, none",
            "/paymentsx, none",
            "/payment-linksx, none",
            "/q/health/ready, none",
            "/q/metrics, none",
            "/, none",
            "/administrator, none"})
    void ingressSendsEachPathToItsService(String path, String service) {
        Ingress ingress = Overlays.prod().ingresses().get(0);
        assertEquals(Optional.ofNullable(service), GatewayChecks.route(ingress, path), path);
    }
}
