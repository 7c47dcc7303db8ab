package com.promptpay.gateway.entryproxy;

import io.vertx.core.json.JsonObject;

/** The entry's own answers, as RFC 9457 problem+json like the services'. */
final class Problem {

    static final String CONTENT_TYPE = "application/problem+json";

    private Problem() {
    }

    static String json(int status, String title, String detail) {
        return new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail).encode();
    }

    static String tooLarge(Upstream upstream) {
        return json(413, "Payload Too Large", "The body is larger than this service takes (" + upstream.maxBodyBytes / 1024 + " KiB).");
    }
}
