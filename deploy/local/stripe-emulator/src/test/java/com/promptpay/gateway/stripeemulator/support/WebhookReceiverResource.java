package com.promptpay.gateway.stripeemulator.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the receiver on a free loopback port before the emulator, and points the emulator at it. */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    private WebhookReceiver receiver;

    @Override
    public Map<String, String> start() {
        try {
            receiver = WebhookReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("emulator.webhook.urls", receiver.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.MatchesType(WebhookReceiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.stop();
        }
    }
}
