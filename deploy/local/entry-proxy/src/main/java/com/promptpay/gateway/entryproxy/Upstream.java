package com.promptpay.gateway.entryproxy;

/** The services behind the entry, each with the environment variable that overrides its address. */
enum Upstream {
    INTENT("INTENT_SERVICE_URL", "http://127.0.0.1:8081"),
    CHECKOUT("CHECKOUT_SERVICE_URL", "http://127.0.0.1:8082"),
    INGEST("INGEST_SERVICE_URL", "http://127.0.0.1:8083"),
    DISPATCHER("DISPATCHER_SERVICE_URL", "http://127.0.0.1:8084");

    final String environmentVariable;
    final String defaultUrl;

    Upstream(String environmentVariable, String defaultUrl) {
        this.environmentVariable = environmentVariable;
        this.defaultUrl = defaultUrl;
    }
}
