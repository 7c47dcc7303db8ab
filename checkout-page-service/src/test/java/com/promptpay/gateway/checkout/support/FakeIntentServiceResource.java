package com.promptpay.gateway.checkout.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the page's REST client at one {@link FakeIntentService} per test JVM. */
public class FakeIntentServiceResource implements QuarkusTestResourceLifecycleManager {

    private static FakeIntentService fake;

    public static synchronized FakeIntentService fake() {
        if (fake == null) {
            fake = FakeIntentService.start();
            Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-intent-service-stop"));
        }
        return fake;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.intent-service.url", fake().url(),
                "gateway.service-token", FakeIntentService.SERVICE_TOKEN);
    }

    @Override
    public void stop() {
        // Shared by every Quarkus application of this JVM.
    }
}
