package com.promptpay.gateway.dispatcher.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.AttemptResult;
import com.promptpay.gateway.dispatcher.Delivery;
import com.promptpay.gateway.dispatcher.client.SsrfGuard;
import com.promptpay.gateway.dispatcher.client.WebhookHttpClient;
import com.promptpay.gateway.dispatcher.config.DispatcherConfig;
import com.promptpay.gateway.events.SecretBox;

import io.smallrye.mutiny.Uni;

/**
 * One attempt at one delivery: the body signed for the endpoint's format (Standard Webhooks or Dromon), the URL
 * checked by the SSRF guard, one HTTP exchange to the checked address. What the worker does before and after (slots,
 * leases, the attempt log) is not here.
 */
@ApplicationScoped
public class AttemptSender {

    private static final String USER_AGENT = "PromptPay-Gateway-Webhooks/1.0";

    private final SsrfGuard guard;
    private final WebhookHttpClient http;
    private final SecretBox secrets;
    private final long timeoutMillis;

    public AttemptSender(SsrfGuard guard, WebhookHttpClient http, DispatcherConfig config) {
        this.guard = guard;
        this.http = http;
        this.secrets = new SecretBox(config.secretsKey());
        this.timeoutMillis = config.delivery().timeout().toMillis();
    }

    /** One HTTP attempt; never fails, every problem becomes an outcome in the attempt log. */
    Uni<AttemptResult> attempt(Delivery delivery) {
        Instant at = Instant.now();
        Map<String, String> headers;
        String body = delivery.body();
        try {
            if (body == null) {
                throw new IllegalArgumentException("a " + delivery.eventType() + " event has no "
                        + delivery.endpoint().format().wireName() + " form");
            }
            headers = headers(delivery, body, at);
        } catch (IllegalArgumentException misconfigured) {
            return Uni.createFrom().item(AttemptResult.misconfigured(at, misconfigured.getMessage()));
        }
        return guard.check(delivery.endpoint().url()).flatMap(verdict -> {
            if (verdict instanceof SsrfGuard.Refused refused) {
                return Uni.createFrom().item(AttemptResult.blocked(at, refused.reason()));
            }
            if (verdict instanceof SsrfGuard.Unresolved unresolved) {
                return Uni.createFrom().item(AttemptResult.networkError(at, 0, null, unresolved.reason()));
            }
            SsrfGuard.Destination destination = ((SsrfGuard.Allowed) verdict).destination();
            return http.post(destination, headers, body).map(exchange -> {
                if (exchange.status() != null) {
                    return AttemptResult.fromResponse(exchange.status(), exchange.retryAfter(), exchange.body(), at,
                            exchange.durationMillis(), exchange.address());
                }
                if (exchange.timedOut()) {
                    return AttemptResult.timeout(at, exchange.durationMillis(), exchange.address(), timeoutMillis);
                }
                return AttemptResult.networkError(at, exchange.durationMillis(), exchange.address(), exchange.error());
            });
        }).onFailure().recoverWithItem(e -> AttemptResult.networkError(at, 0, null, e.toString()));
    }

    private Map<String, String> headers(Delivery delivery, String body, Instant at) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        switch (delivery.endpoint().format()) {
            case STANDARD -> {
                long timestamp = at.getEpochSecond();
                List<String> plain = delivery.endpoint().secretsSealed().stream().map(this::open).toList();
                headers.put("webhook-id", delivery.eventId());
                headers.put("webhook-timestamp", Long.toString(timestamp));
                headers.put("webhook-signature", WebhookSigner.standardSignature(plain, delivery.eventId(), timestamp, body));
            }
            case DROMON -> {
                String appSecret = delivery.endpoint().appSecretSealed();
                if (appSecret == null) {
                    throw new IllegalArgumentException("the Dromon endpoint has no app_secret");
                }
                headers.put("Authorization", "Bearer " + WebhookSigner.dromonToken(open(appSecret)));
            }
        }
        return headers;
    }

    private String open(String sealed) {
        try {
            return secrets.open(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an endpoint secret does not open with GATEWAY_SECRETS_KEY");
        }
    }
}
