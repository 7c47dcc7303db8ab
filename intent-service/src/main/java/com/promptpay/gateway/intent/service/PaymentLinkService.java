package com.promptpay.gateway.intent.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.PaymentIntentStatus;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.repository.PaymentIntentRepository;
import com.promptpay.gateway.intent.rest.CreatePaymentIntentRequest;
import com.promptpay.gateway.intent.rest.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Payment links the merchant builds and signs itself (the Dromon flow: {@code uid}, {@code text},
 * {@code sum}, {@code sign}). Opening a link is idempotent on merchant, uid and sum: the open or paid
 * intent again, a fresh one only after the last was canceled or expired.
 */
@ApplicationScoped
public class PaymentLinkService {

    /** Where the shopper goes: the checkout page of this intent. */
    public record Opened(String intentId, String paymentUrl) {
    }

    private final Pool pool;
    private final PaymentIntentRepository intents;
    private final PaymentIntentService creation;
    private final MerchantService merchants;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public PaymentLinkService(Pool pool, PaymentIntentRepository intents, PaymentIntentService creation,
            MerchantService merchants, GatewayConfig config, ObjectMapper json) {
        this.json = json;
        this.pool = pool;
        this.intents = intents;
        this.creation = creation;
        this.merchants = merchants;
        this.config = config;
    }

    /** {@code link} holds the link's parameters already checked by {@link PaymentLink}; the sign is verified here. */
    public Uni<Opened> open(Merchant merchant, PaymentLink link) {
        String secret = merchants.linkSecret(merchant).orElseThrow(() -> new ProblemException(403, "Links disabled",
                "This merchant has no payment-link secret."));
        if (!PaymentLinkSignature.verify(link.signedParameters(), link.sign(), secret)) {
            throw new ProblemException(403, "Invalid link", "The link's signature does not match its contents.");
        }
        if (link.expires().isPresent() && !Instant.now().isBefore(link.expires().get())) {
            throw new ProblemException(410, "Link expired", "This payment link has expired.");
        }
        CreatePaymentIntentRequest request = CreatePaymentIntentRequest.parse(link.asRequestBody(config.links().defaultEmail()),
                merchant, config.intents().minAmount(), config.intents().maxAmount());
        return intents.linkIntents(pool, merchant.id(), link.uid(), link.sum()).flatMap(existing -> {
            Optional<com.promptpay.gateway.intent.PaymentIntent> current = existing.stream()
                    .filter(intent -> intent.status() == PaymentIntentStatus.REQUIRES_ACTION
                            || intent.status() == PaymentIntentStatus.SUCCEEDED)
                    .findFirst();
            if (current.isPresent()) {
                return Uni.createFrom().item(opened(current.get().id()));
            }
            // The n-th generation of this link: concurrent first opens share one key, so one intent.
            String key = "link:" + link.uid() + ":" + link.sum() + ":" + existing.size();
            return creation.create(merchant, request, Optional.of(key)).map(response -> opened(intentIdOf(response.body())));
        });
    }

    /** A ready, signed link for the merchant's own fields. */
    public String build(Merchant merchant, Map<String, String> parameters) {
        String secret = merchants.linkSecret(merchant).orElseThrow(() -> new ProblemException(409, "Links disabled",
                "This merchant has no payment-link secret."));
        Map<String, String> signed = new TreeMap<>(parameters);
        signed.put("sign", PaymentLinkSignature.sign(parameters, secret));
        return trimmedBase() + "/pay/" + merchant.id() + "?" + signed.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private Opened opened(String intentId) {
        return new Opened(intentId, trimmedBase() + "/payment/" + intentId);
    }

    private String trimmedBase() {
        String base = config.baseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String intentIdOf(String createdBody) {
        try {
            return json.readTree(createdBody).get("paymentIntentId").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
