package com.promptpay.gateway.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details. {@code reason} is this service's machine-readable extension for refused
 * webhooks ({@code bad_signature}, {@code stale_timestamp}, …).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
