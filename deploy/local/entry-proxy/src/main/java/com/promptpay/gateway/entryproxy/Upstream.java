package com.promptpay.gateway.entryproxy;

/**
 * The services behind the entry, each with the environment variable that overrides its address and the largest body
 * it takes (its quarkus.http.limits.max-body-size).
 */
enum Upstream {
    INTENT("INTENT_SERVICE_URL", "http://127.0.0.1:8081", 64 * 1024),
    CHECKOUT("CHECKOUT_SERVICE_URL", "http://127.0.0.1:8082", 16 * 1024),
    INGEST("INGEST_SERVICE_URL", "http://127.0.0.1:8083", 256 * 1024),
    DISPATCHER("DISPATCHER_SERVICE_URL", "http://127.0.0.1:8084", 64 * 1024);

    final String environmentVariable;
    final String defaultUrl;
    final long maxBodyBytes;

    Upstream(String environmentVariable, String defaultUrl, long maxBodyBytes) {
        this.environmentVariable = environmentVariable;
        this.defaultUrl = defaultUrl;
        this.maxBodyBytes = maxBodyBytes;
    }
}
