package com.promptpay.gateway.e2e.fuzz;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request being built: a baseline, then mutated, then signed where the operation needs a signature. Path and
 * query pieces are kept raw (already percent-encoded), so a mutation can put exactly the bytes it wants on the wire.
 */
final class Draft {

    static final ObjectMapper JSON = new ObjectMapper();

    String method;
    final String template;
    final Map<String, String> pathValues = new LinkedHashMap<>();
    /** A whole raw path that replaces the template, for mutations of the routing prefix itself. */
    String rawPath;
    final List<String[]> query = new ArrayList<>();
    final List<String[]> headers = new ArrayList<>();
    JsonNode json;
    List<String[]> form;
    byte[] rawBody;
    /** The mutation tampered with the signature itself: signing afterwards would undo it. */
    boolean keepSignature;
    /** Broken at the protocol level on purpose (see {@link #httpLayerMayRefuse()}). */
    boolean protocolBroken;
    /** The path was made ambiguous on purpose: the entry refuses the whole path, no field to name. */
    boolean pathTampered;
    /** Protocol-level abuse: sent as these bytes over a socket, not through HttpClient. */
    byte[] rawRequest;
    /** Half-close after writing rawRequest, so a server waiting for more body sees the end instead. */
    boolean rawCloseOutput;
    final List<String> mutations = new ArrayList<>();

    Draft(String method, String template) {
        this.method = method;
        this.template = template;
    }

    /**
     * Over a size limit of the entry or a service, or not valid HTTP at all (a request-target no URI parser accepts,
     * control characters in a header): the HTTP layer may refuse it before any endpoint sees it, with a bare 4xx or
     * a closed connection, and that is a fine answer.
     */
    boolean httpLayerMayRefuse() {
        int headerBytes = headers.stream().mapToInt(header -> utf8Length(header[0]) + utf8Length(header[1]) + 4).sum();
        return protocolBroken || target().length() > 3500 || headerBytes > 6000 || body().length > 15_000
                || !validTarget(target()) || headers.stream().anyMatch(header -> CONTROL.matcher(header[1]).find());
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length; // a Thai letter is three bytes on the wire
    }

    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f]");

    static boolean validTarget(String target) {
        try {
            java.net.URI.create("http://127.0.0.1" + target);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    String path() {
        if (rawPath != null) {
            return rawPath;
        }
        String path = template;
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    String target() {
        if (query.isEmpty()) {
            return path();
        }
        return path() + "?" + query.stream().map(pair -> pair[1] == null ? pair[0] : pair[0] + "=" + pair[1])
                .collect(Collectors.joining("&"));
    }

    byte[] body() {
        if (rawBody != null) {
            return rawBody;
        }
        if (json != null) {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (form != null) {
            return form.stream().map(pair -> encode(pair[0]) + "=" + encode(pair[1])).collect(Collectors.joining("&"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    void setHeader(String name, String value) {
        removeHeader(name);
        headers.add(new String[] {name, value});
    }

    void removeHeader(String name) {
        headers.removeIf(header -> header[0].equalsIgnoreCase(name));
    }

    String header(String name) {
        return headers.stream().filter(header -> header[0].equalsIgnoreCase(name)).map(header -> header[1])
                .findFirst().orElse(null);
    }

    void setQuery(String name, String decodedValue) {
        query.removeIf(pair -> pair[0].equals(name));
        query.add(new String[] {name, encode(decodedValue)});
    }

    /** The query as the server decodes it (best effort: a broken escape stays as written). */
    Map<String, String> decodedQuery() {
        Map<String, String> decoded = new LinkedHashMap<>();
        for (String[] pair : query) {
            decoded.put(decode(pair[0]), pair[1] == null ? "" : decode(pair[1]));
        }
        return decoded;
    }

    String describe() {
        String body = new String(body(), StandardCharsets.UTF_8);
        String excerpt = body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
        String headerText = headers.stream().map(h -> h[0] + ": " + abbreviate(h[1], 120)).collect(Collectors.joining(" | "));
        return method + " " + abbreviate(target(), 400) + "\n      headers: " + headerText + "\n      body: "
                + excerpt.replace("\n", "\\n") + (rawRequest == null ? "" : "\n      raw: "
                + abbreviate(new String(rawRequest, StandardCharsets.ISO_8859_1), 400).replace("\r\n", "\\r\\n"));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException brokenEscape) {
            return text;
        }
    }

    static String abbreviate(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…(" + text.length() + " chars)" : text;
    }
}
