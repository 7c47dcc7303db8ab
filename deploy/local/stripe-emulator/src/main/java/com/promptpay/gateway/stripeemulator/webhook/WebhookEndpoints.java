package com.promptpay.gateway.stripeemulator.webhook;

import com.promptpay.gateway.stripeemulator.config.EmulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where events go and which ones, like a Stripe webhook endpoint's {@code url} and
 * {@code enabled_events}. The URLs start from configuration and can be replaced at runtime, so a
 * test can point the emulator at a receiver it started on a free port.
 */
@ApplicationScoped
public class WebhookEndpoints {

    private final AtomicReference<List<String>> urls;
    private final List<String> enabledEvents;

    public WebhookEndpoints(EmulatorConfig config) {
        this.urls = new AtomicReference<>(clean(config.webhook().urls()));
        this.enabledEvents = List.copyOf(config.webhook().enabledEvents());
    }

    public List<String> urls() {
        return urls.get();
    }

    public void replaceUrls(List<String> replacement) {
        urls.set(clean(replacement));
    }

    public List<String> enabledEvents() {
        return enabledEvents;
    }

    public boolean isEnabled(String eventType) {
        return enabledEvents.contains("*") || enabledEvents.contains(eventType);
    }

    private static List<String> clean(List<String> raw) {
        return raw.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
    }
}
