package com.promptpay.gateway.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What came back: a status, headers (lower-case names, first value) and the start of the body; or why nothing did. */
record Outcome(int status, Map<String, String> headers, byte[] body, String error, long millis, boolean viaSocket) {

    static Outcome failed(String error, long millis) {
        return new Outcome(-1, Map.of(), new byte[0], error, millis, true);
    }

    boolean answered() {
        return error == null;
    }

    String contentType() {
        return headers.getOrDefault("content-type", "");
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The histogram's bucket: the status, or "none" when no answer came. */
    String bucket() {
        return answered() ? Integer.toString(status) : "none";
    }
}
