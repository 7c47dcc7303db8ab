package com.promptpay.gateway.dispatcher;

/** What one HTTP attempt came to, as the attempt log records it. */
public enum AttemptOutcome {
    /** 2xx within the timeout. */
    SUCCEEDED("succeeded"),
    /** Any other status, 3xx included: redirects are not followed. */
    HTTP_ERROR("http_error"),
    /** 429 or 503; a {@code Retry-After} is honoured within bounds. */
    THROTTLED("throttled"),
    /** 410: the endpoint is disabled. */
    GONE("gone"),
    /** No complete answer within the timeout. */
    TIMEOUT("timeout"),
    /** Connection refused, reset, TLS failure… */
    NETWORK_ERROR("network_error"),
    /** The SSRF guard refused the destination: nothing was sent. */
    BLOCKED("blocked"),
    /** The endpoint's configuration cannot produce a request (a secret that does not open, a format mismatch). */
    MISCONFIGURED("misconfigured");

    private final String wireName;

    AttemptOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isSuccess() {
        return switch (this) {
            case SUCCEEDED -> true;
            case HTTP_ERROR, THROTTLED, GONE, TIMEOUT, NETWORK_ERROR, BLOCKED, MISCONFIGURED -> false;
        };
    }
}
