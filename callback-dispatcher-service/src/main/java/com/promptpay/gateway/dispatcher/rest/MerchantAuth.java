package com.promptpay.gateway.dispatcher.rest;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptpay.gateway.dispatcher.rest.problem.ProblemException;
import com.promptpay.gateway.dispatcher.service.MerchantApiService;

import io.smallrye.mutiny.Uni;

/** Who is calling: {@code Authorization: Bearer <api key>}, whose SHA-256 must be one of a live merchant's key hashes. */
@ApplicationScoped
public class MerchantAuth {

    private final MerchantApiService api;

    public MerchantAuth(MerchantApiService api) {
        this.api = api;
    }

    /** The merchant id, or a 401 problem. */
    public Uni<String> require(String authorization) {
        String key = bearer(authorization);
        if (key == null || key.length() > 200) {
            return Uni.createFrom().failure(ProblemException.unauthorized("Send your API key as 'Authorization: Bearer sk_…'."));
        }
        return api.authenticate(key).map(found -> found.orElseThrow(() -> ProblemException.unauthorized(
                "The API key is not valid (revoked, mistyped, or of another installation).")));
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
