package com.promptpay.gateway.dispatcher.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.promptpay.gateway.dispatcher.DeliveryStatus;
import com.promptpay.gateway.dispatcher.Endpoint;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.AttemptRecord;
import com.promptpay.gateway.dispatcher.repository.DeliveryRepository.DeliveryRecord;

/** The JSON the merchant API answers with. */
public final class Views {

    private Views() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(String id, String eventId, String eventType, String paymentIntentId, String endpointId,
            String status, boolean inFlight, int attemptCount, Instant nextAttemptAt, Instant lastAttemptAt,
            Integer lastResponseStatus, String lastError, Instant createdAt, Instant succeededAt, Instant failedAt,
            List<AttemptView> attempts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(String id, Instant attemptedAt, String outcome, Integer responseStatus, long durationMs,
            String responseBody, String error) {
    }

    public record DeliveryPage(List<DeliveryView> data, boolean hasMore) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointView(String id, String url, String format, boolean enabled, String disabledReason,
            Instant disabledAt, Instant failingSince, List<String> eventTypes) {
    }

    public record EndpointList(List<EndpointView> data) {
    }

    public record RecoverRequest(String since) {
    }

    public record RecoverResponse(String endpointId, Instant since, int recovered) {
    }

    static DeliveryView delivery(DeliveryRecord d, List<AttemptRecord> attempts) {
        return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.intentId(), d.endpointId(), d.status().wireName(),
                d.inFlight(), d.attemptCount(), d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt() : null,
                d.lastAttemptAt(), d.lastResponseStatus(), d.lastError(), d.createdAt(), d.succeededAt(), d.failedAt(),
                attempts == null ? null : attempts.stream().map(Views::attempt).toList());
    }

    static AttemptView attempt(AttemptRecord a) {
        return new AttemptView(a.id(), a.attemptedAt(), a.outcome(), a.responseStatus(), a.durationMillis(),
                a.responseBody(), a.error());
    }

    static EndpointView endpoint(Endpoint e) {
        return new EndpointView(e.id(), e.url(), e.format().wireName(), e.enabled(),
                e.disabledReason() == null ? null : e.disabledReason().wireName(), e.disabledAt(), e.failingSince(),
                e.eventTypes());
    }
}
