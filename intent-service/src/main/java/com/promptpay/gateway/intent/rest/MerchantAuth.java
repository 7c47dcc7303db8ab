package com.promptpay.gateway.intent.rest;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.intent.Merchant;
import com.promptpay.gateway.intent.config.GatewayConfig;
import com.promptpay.gateway.intent.rest.problem.ProblemException;
import com.promptpay.gateway.intent.service.MerchantService;

import io.smallrye.mutiny.Uni;

/**
 * Who is calling: {@code Authorization: Bearer <api key>}. Without a header, the configured default
 * merchant (local stack only), else 401. A header that names no live key is always 401.
 */
@ApplicationScoped
public class MerchantAuth {

    private final MerchantService merchants;
    private final Optional<String> defaultMerchant;

    public MerchantAuth(MerchantService merchants, GatewayConfig config) {
        this.merchants = merchants;
        this.defaultMerchant = config.defaultMerchant().filter(id -> !id.isBlank());
    }

    public Uni<Merchant> require(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            if (defaultMerchant.isPresent()) {
                return merchants.find(defaultMerchant.get());
            }
            return Uni.createFrom().failure(ProblemException.unauthorized(
                    "Send your API key as 'Authorization: Bearer sk_…'."));
        }
        return byKey(authorization);
    }

    /** Only when a key was presented: anonymous callers get the public view, never the default merchant. */
    public Uni<Optional<Merchant>> optional(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return byKey(authorization).map(Optional::of);
    }

    private Uni<Merchant> byKey(String authorization) {
        String key = bearer(authorization);
        if (key == null || key.length() > 200) {
            return Uni.createFrom().failure(ProblemException.unauthorized("Authorization must be 'Bearer <api key>'."));
        }
        return merchants.authenticate(key).map(found -> found.orElseThrow(
                () -> ProblemException.unauthorized("The API key is not valid (revoked, mistyped, or of another installation).")));
    }

    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
